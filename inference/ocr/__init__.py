"""OCR for measurements: line images with transcripts, error rates, and real engines.

    lines    a built-in set of English lines rendered with handwriting fonts from Debian's
             font packages; a reader for a user's folder of line images and transcripts
    metrics  character and word error rates (edit distance)
    engines  Tesseract (the `tesseract` CLI), RapidOCR (PyPI, ships its ONNX models) and
             a loaded TrOCR model, each timed per line
"""
