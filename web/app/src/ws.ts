// A small client of the graphql-transport-ws protocol (the one capgraph serves at
// /graphql): one WebSocket per subscription, which is all the job page needs.
//   client -> connection_init {payload}   server -> connection_ack
//   client -> subscribe {id, payload}     server -> next* then complete, or error
//   either -> ping, the other -> pong

import { ApiError, type ApiErrorItem } from "./api";

export interface Subscription {
  close(): void;
}

export interface Handlers<T> {
  next(data: T): void;
  error(error: ApiError): void;
  complete(): void;
}

interface Message {
  type: string;
  id?: string;
  payload?: unknown;
}

function errorItems(payload: unknown): ApiErrorItem[] {
  const list = Array.isArray(payload) ? payload : [payload];
  return list.map((e) => {
    const err = (e ?? {}) as { message?: string; extensions?: { code?: string } };
    return { message: err.message ?? "the subscription failed", code: err.extensions?.code ?? "UNKNOWN" };
  });
}

/** Subscribe to `query`; `handlers` hear each result, an error, or the end. */
export function subscribe<T>(
  query: string, variables: Record<string, unknown>, handlers: Handlers<T>,
  connectionParams: Record<string, unknown> = {},
): Subscription {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}/graphql`, "graphql-transport-ws");
  const id = "1";
  let finished = false;

  const send = (message: Message): void => socket.send(JSON.stringify(message));
  const finish = (): void => {
    finished = true;
    if (socket.readyState === WebSocket.OPEN) {
      send({ id, type: "complete" });
      socket.close(1000, "done");
    }
  };

  socket.addEventListener("open", () => send({ type: "connection_init", payload: connectionParams }));
  socket.addEventListener("message", (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as Message;
    switch (message.type) {
      case "connection_ack":
        send({ id, type: "subscribe", payload: { query, variables } });
        break;
      case "ping":
        send({ type: "pong" });
        break;
      case "next": {
        const payload = message.payload as { data?: T; errors?: unknown[] };
        if (payload.errors?.length) handlers.error(new ApiError(errorItems(payload.errors)));
        else if (payload.data) handlers.next(payload.data);
        break;
      }
      case "error":
        finished = true;
        handlers.error(new ApiError(errorItems(message.payload)));
        socket.close(1000, "error");
        break;
      case "complete":
        finished = true;
        handlers.complete();
        socket.close(1000, "complete");
        break;
    }
  });
  socket.addEventListener("close", (event: CloseEvent) => {
    if (finished) return;
    finished = true;
    const reason = event.reason || `the connection closed (code ${event.code})`;
    handlers.error(new ApiError([{ message: reason, code: `WS_${event.code}` }]));
  });
  return { close: finish };
}
