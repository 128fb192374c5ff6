"""Measurement protocols: run a model for a MEASURABLE claim and record what was found.

    spec          ClaimSpec, spec_from_text, choose_protocol (a claim read)
    registry      read_measurable, protocol_for (the protocol a claim's spec names, built)
    base          Protocol (the interface), Control, Measurement, to_evidence, Tracker
    rules         when numbers may decide (weights, hardware) and how aspects combine
    batching      batched vs one-at-a-time throughput (TrOCR)
    quantization  dynamic int8 (and float16): size, latency, agreement with float32
    ocr_accuracy  CER / WER of the model, Tesseract and RapidOCR on line images
    diffusion     FLUX latency per step count, determinism, supported sizes
    weights       which weights ran: "real", "random-full" or "tiny"

Nothing here imports torch at import time.
"""
