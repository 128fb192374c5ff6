"""Words that name kinds of things, not products: what a mention made only of them is.

A claim's contrast names products ("than Scrivener or QuillOCR") but also kinds of things
("than CI/CD pipelines", "DOM parsing", "Pro/Dev variants", "CNN-LSTM approaches"). The
vocabulary here is generic on purpose, written from what technical prose uses, never from
one corpus's products: acronyms of technical terms, standards, protocols and architectures,
and the common words that qualify or classify a product (editions, sizes, platforms, roles).
`graph.claims.mentions.names_a_product` reads it.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


GENERIC_ACRONYMS = frozenset(_words("""
AI AGI API ASR AST ARIA AWS BERT BPE CD CDN CI CLI CMS CNN CPU CRM CRNN CRUD CSS CSV CTC
CUDA CV DAG DB DBMS DL DNS DOM DPO DSL E2E ELT ERP ETL FAQ FFT FLOPS FP16 FP32 FP8 FTP GAN
GDPR GPU GUI HCI HTML HTR HTTP HTTPS IDE INT4 INT8 IO IOT IP JDBC JPEG JS JSON JWT KV LAN
LLM LLMS LORA LSTM MCP ML MLP MLOPS MOE MT MVP NER NLG NLP NLU OCR ODBC OOP ORM OS PDF PEFT
PNG POS PTQ QA QAT RAG RAM REST RL RLHF RNN ROI RPA RPC SAAS SDK SEO SFT SLA SMS SOTA SQL
SSD SSH SSO STT SVG TCP TLS TPU TTS UI UML URI URL USB UX VAE VLM VM VPN VQA VRAM WER CER XML
YAML
"""))
"""Acronyms of technical terms (kinds of systems, formats, protocols, methods), upper case
as written (a plural "s" aside: "CNNs")."""

GENERIC_WORDS = frozenset(_words("""
a an and or the of for to with in on by via vs
advanced agent agents alpha app apps assistant assistants base basic beta bot bots browser
classic cli client clients cloud code community core custom dashboard data database
databases desktop dev developer edge edition editor engine engines enterprise experimental
extension family flash framework frameworks free generic hub large legacy lite local manual
max medium mini mobile model models modern native next nightly open plugin plugins plus
premium preview pro professional protocol proxy proxies search server servers service
services small standard starter studio suite team teams text tool tools turbo ultra
variant variants version web
"""))
"""Common words that classify or qualify a product (edition, size, platform, role): a
name made only of these and generic acronyms ("Pro", "Dev", "Code", "Cloud API") names
no product by itself; lower-case words count as generic too ("LLM-database")."""
