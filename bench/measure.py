"""`python -m bench.measure`: measurement protocols on the full-size TrOCR architecture.

Builds TrOCR from seeds/model-files/microsoft__trocr-base-handwritten/config.json at full
size (334M parameters) with random weights, on the CPU, and prints:

- batching: images/s one at a time and per batch size, and the best batched ratio;
- dynamic int8: fp32 and int8 serialized sizes, seconds per image, and both ratios (the
  latency ratio of each of the 3 timed passes too);
- OCR: seconds per line of the model (random weights), Tesseract and RapidOCR.

Random weights never emit an end token, so every image generates exactly --tokens tokens.
Options: --images 8 --tokens 8 --batch-sizes 1,2,4,8 --plots DIR (about 1.5 min on 2 cores)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "model-files"
        / "microsoft__trocr-base-handwritten")


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Run the three measurements, print them, and return the headline figures."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("--images", type=int, default=8)
    parser.add_argument("--tokens", type=int, default=8)
    parser.add_argument("--batch-sizes", default="1,2,4,8")
    parser.add_argument("--ocr-lines", type=int, default=20)
    parser.add_argument("--plots", type=Path,
                        default=Path(tempfile.gettempdir()) / "capgraph-bench")
    args = parser.parse_args(argv)

    from inference.loaders import random_trocr_from_config
    from inference.machine import CpuClock, busy_text, machine_text
    from inference.ocr.engines import TrOcrEngine, baseline_engines, run_engine
    from inference.protocols.batching import BatchingProtocol
    from inference.protocols.quantization import QuantizationProtocol
    from inference.protocols.spec import spec_from_text
    from inference.protocols.trocr_run import line_samples

    print(machine_text(), flush=True)
    start, clock = time.perf_counter(), CpuClock.now()
    loaded = random_trocr_from_config(SEED, device="cpu")
    print(f"TrOCR {SEED.name}: {loaded.parameters:,} parameters, {loaded.weights_kind} weights, "
          f"built in {time.perf_counter() - start:.1f} s", flush=True)
    figures: dict[str, float] = {}

    spec = spec_from_text("Achieves 2-3x higher throughput than sequential inference")
    assert spec is not None
    sizes = tuple(int(s) for s in args.batch_sizes.split(","))
    batching = BatchingProtocol(batch_sizes=sizes, images=args.images, max_new_tokens=args.tokens,
                                plots_dir=args.plots).run(loaded, spec, _quiet, _never)
    n = batching.numbers
    per_size = ", ".join(f"batch {s}: {n[f'images_per_s_batch_{s}']:.3g}" for s in sizes)
    print(f"\nbatching ({args.images} images, {args.tokens} tokens each), images/s: {per_size}")
    print(f"  best batched / one at a time = {n['throughput_ratio']:.2f}x "
          f"(batch {n['best_batch_size']}); outputs agree: {n['outputs_agree']}; "
          f"verdict for '2-3x': {batching.outcome.value}; plot {batching.plot}", flush=True)
    figures["batching_ratio"] = float(n["throughput_ratio"])

    spec = spec_from_text("reducing memory footprint and inference latency by 2-3x on CPU",
                          context="Supports quantization to int8 and float16 precision")
    assert spec is not None
    quant = QuantizationProtocol(images=4, max_new_tokens=args.tokens).run(loaded, spec, _quiet,
                                                                          _never)
    q = quant.numbers
    print(f"\ndynamic int8 (Linear layers): size {int(q['fp32_size_bytes']) / 1e6:.0f} MB -> "
          f"{int(q['int8_size_bytes']) / 1e6:.0f} MB = {q['size_ratio']:.2f}x smaller; "
          f"{q['fp32_latency_s']:.3f} s -> {q['int8_latency_s']:.3f} s per image = "
          f"{q['latency_ratio']:.2f}x faster (best passes; pass ratios "
          f"{q['latency_pass_ratios']}); top-1 agreement {q['int8_top1_agreement']:.1%}")
    print(f"  verdict for '2-3x on CPU': {quant.outcome.value}", flush=True)
    figures.update(int8_size_ratio=float(q["size_ratio"]),
                   int8_latency_ratio=float(q["latency_ratio"]))

    samples = line_samples(args.ocr_lines)
    baselines, missing = baseline_engines()
    print(f"\nOCR, seconds per line ({args.ocr_lines} built-in lines; the model on 3 lines, "
          f"{2 * args.tokens} tokens each):")
    for engine, lines in [(TrOcrEngine(loaded, 2 * args.tokens), samples[:3]),
                          *[(b, samples) for b in baselines]]:
        result = run_engine(engine, lines)
        print(f"  {engine.name:22} {result.seconds_per_line:8.4f} s/line   CER {result.cer:6.1%}"
              f"   WER {result.wer:6.1%}   {result.version}", flush=True)
        figures[f"{engine.name.split()[0]}_seconds_per_line"] = result.seconds_per_line
    for reason in missing:
        print(f"  not run: {reason}")
    print(f"\n{busy_text(CpuClock.now().since(clock))}")
    print(f"total {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return figures


def _quiet(fraction: float, message: str) -> None:
    print(f"\r  {fraction:5.0%} {message[:60]:60}", end="", file=sys.stderr, flush=True)


def _never() -> bool:
    return False


if __name__ == "__main__":
    main()
