// The one way the pages talk to capgraph: GraphQL over HTTP at /graphql, the same requests
// any frontend sends. An API token (optional; mutations such as cancelJob need one) is
// kept in this tab's sessionStorage and sent as a bearer token.

const ENDPOINT = "/graphql";
const TOKEN_KEY = "capgraph.token";

export interface ApiErrorItem {
  message: string;
  code: string;
}

/** A request the API answered with errors (or could not answer). */
export class ApiError extends Error {
  readonly errors: ApiErrorItem[];

  constructor(errors: ApiErrorItem[]) {
    super(errors.map((e) => e.message).join("; "));
    this.name = "ApiError";
    this.errors = errors;
  }

  get code(): string {
    return this.errors[0]?.code ?? "UNKNOWN";
  }
}

export function token(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

export function setToken(value: string | null): void {
  try {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage refused (private mode): the token lasts as long as this page
  }
}

interface Reply<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function items(reply: Reply<unknown>): ApiErrorItem[] {
  return (reply.errors ?? []).map((e) => ({
    message: e.message,
    code: e.extensions?.code ?? "UNKNOWN",
  }));
}

/** Run a query or mutation; the data, or an ApiError with every error the API gave. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const secret = token();
  if (secret) headers.authorization = `Bearer ${secret}`;
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError([{ message: `capgraph cannot be reached (${String(error)})`, code: "NETWORK" }]);
  }
  let reply: Reply<T>;
  try {
    reply = (await response.json()) as Reply<T>;
  } catch {
    throw new ApiError([{ message: `capgraph answered ${response.status} without JSON`, code: "HTTP" }]);
  }
  if (reply.errors?.length || reply.data === undefined || reply.data === null) {
    const errors = items(reply);
    throw new ApiError(errors.length ? errors : [{ message: `capgraph answered ${response.status}`, code: "HTTP" }]);
  }
  return reply.data;
}
