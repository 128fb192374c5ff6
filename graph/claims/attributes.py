"""The one table of checkable attributes: what a claim says, and which file settles it.

Classification (`graph.claims.classify`) and every checker (`inference.checkers.*`) read
this table, so a phrase that makes a claim MODEL_FILES is exactly a phrase some checker
reads. A *strong* attribute states a value (a number, a list, a license, a price); a
*weak* one names a feature ("cross-attention", "resizes") and only makes a claim
checkable when the claim is not vague or causal. Attributes inside a contrast
("rather than CNNs", "than DALL-E 3 (1024×1024)") describe the alternative, not the
subject, and are skipped.

Example:
    >>> [m.attribute.name for m in find_attributes("12 layers rather than 24 layers")]
    ['num_layers']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Family(StrEnum):
    """Which checker reads an attribute (one module per family in inference/checkers/)."""

    ARCHITECTURE = "architecture"
    PREPROCESSING = "preprocessing"
    GENERATION = "generation"
    PARAMETERS = "parameters"
    LICENSING = "licensing"
    PRICING = "pricing"
    DIFFUSION = "diffusion"
    CARD = "card"


@dataclass(frozen=True)
class Attribute:
    name: str
    family: Family
    strong: bool
    settled_by: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Mention:
    """One place a claim states an attribute; `value` is the pattern's value group."""

    attribute: Attribute
    text: str
    value: str | None
    start: int
    end: int


def _attr(name: str, family: Family, strong: bool, settled_by: str, *patterns: str) -> Attribute:
    return Attribute(name, family, strong, settled_by,
                     tuple(re.compile(p, re.IGNORECASE) for p in patterns))


_N = r"\d+(?:\.\d+)?"
_APPROX = r"(?:~|≈|about\s+|approximately\s+|around\s+|roughly\s+)?"
_DIMS = r"\d+\s*[x×]\s*\d+"
_A = Family.ARCHITECTURE
ATTRIBUTES: tuple[Attribute, ...] = (
    _attr("num_layers", _A, True, "config.json num_hidden_layers / decoder_layers / num_layers",
          r"\b(?P<value>\d+)[\s-]+(?:(?:transformer|encoder|decoder|hidden|attention)\s+)?"
          r"(?:layers?|blocks?)\b", r"\b(?:layers|depth)\s*(?:of|=|:|is)\s*(?P<value>\d+)\b"),
    _attr("hidden_size", _A, True, "config.json hidden_size / d_model",
          r"\b(?P<value>\d+)[\s-]+(?:hidden[\s-]+(?:dimensions?|dims?|size|units)|-?dimensional"
          r"\s+(?:hidden|embeddings?))\b",
          r"\bhidden[\s-]+(?:size|dimensions?|dim)\s*(?:of|=|:|is)?\s*(?P<value>\d+)\b"),
    _attr("attention_heads", _A, True, "config.json num_attention_heads / decoder_attention_heads",
          r"\b(?P<value>\d+)\s+(?:attention\s+|self-attention\s+)?heads\b",
          r"\b(?:attention\s+)?heads\s*(?:of|=|:|is)\s*(?P<value>\d+)\b"),
    _attr("patch_size", _A, True, "config.json patch_size",
          rf"(?P<value>{_DIMS})(?:[\s-]*pixels?)?[\s-]+patch(?:es)?\b",
          rf"\bpatch[\s-]+size\s*(?:of|=|:|is)?\s*(?P<value>{_DIMS}|\d+)"),
    _attr("image_size", _A, True, "config.json image_size; preprocessor_config.json size",
          rf"(?P<value>{_DIMS})(?:[\s-]*pixels?)?[\s-]+(?:input\s+)?(?:images?|inputs?)\b",
          rf"\bresiz\w*\s+(?:\w+\s+){{0,3}}?to\s+(?P<value>{_DIMS})",
          rf"\b(?:input|image)[\s-]+(?:size|resolution)\s*(?:of|=|:|is)?\s*(?P<value>{_DIMS}|\d+)"),
    _attr("size_preset", _A, True, "config.json layers, hidden size and heads of the named size",
          r"\b(?P<family>ViT|BERT|RoBERTa|DeiT)[\s-](?P<value>tiny|small|base|large|huge)\b"),
    _attr("encoder_decoder", _A, False, "config.json is_encoder_decoder / model_type",
          r"\b(?:vision[\s-])?encoder[\s-]decoder\b"),
    _attr("vision_transformer", _A, False, "config.json (encoder.)model_type",
          r"\bvision\s+transformers?\b", r"\bViT\b(?!-(?:tiny|small|base|large|huge)\b)"),
    _attr("cross_attention", _A, False, "config.json decoder.add_cross_attention",
          r"\bcross[\s-]attention\b"),
    _attr("autoregressive", _A, False, "config.json decoder.is_decoder",
          r"\bautoregressive\b", r"\bcausal\s+self[\s-]attention\b"),
    _attr("multi_head", _A, False, "config.json num_attention_heads > 1", r"\bmulti[\s-]head\b"),
    _attr("convolutional", _A, False, "config.json model_type of each part",
          r"\bCNN(?:s|-based)?\b", r"\bconvolutional\b"),
    _attr("pretraining_data", Family.CARD, True, "README.md front matter datasets",
          r"\bpre-?trained\s+on\s+(?:the\s+)?(?P<value>(?-i:[A-Z])[\w\-]*(?:\.[\w\-]+)*)",
          r"\btrained\s+on\s+(?:the\s+)?(?P<value>(?-i:[A-Z])[\w\-]*(?:\.[\w\-]+)*)\s+dataset\b"),
    _attr("image_mean", Family.PREPROCESSING, True, "preprocessor_config.json image_mean",
          r"\bmean\s*[=:]\s*\[[^\]]*\]"),
    _attr("image_std", Family.PREPROCESSING, True, "preprocessor_config.json image_std",
          r"\bstd\s*[=:]\s*\[[^\]]*\]", r"\bstandard\s+deviation\s*[=:]\s*\[[^\]]*\]"),
    _attr("normalization_statistics", Family.PREPROCESSING, True,
          "preprocessor_config.json image_mean / image_std (they do not name their dataset)",
          r"\b(?P<value>(?-i:[A-Z])[\w\-]*)\s+(?:normali[sz]ation\s+)?(?:statistics|mean/std)\b"),
    _attr("resample", Family.PREPROCESSING, True, "preprocessor_config.json resample",
          r"\b(?P<value>bilinear|bicubic|nearest(?:[\s-]neighbou?r)?|lanczos|hamming)\b"),
    _attr("do_resize", Family.PREPROCESSING, False, "preprocessor_config.json do_resize",
          r"\bresi[sz](?:e|es|ed|ing)\b"),
    _attr("do_normalize", Family.PREPROCESSING, False, "preprocessor_config.json do_normalize",
          r"(?<!layer\s)(?<!batch\s)(?<!group\s)\bnormali[sz](?:e|es|ed|ing|ation)\b"),
    _attr("image_processor", Family.PREPROCESSING, False,
          "preprocessor_config.json in the model folder (image_processor_type)",
          r"\bimage[\s-]?processor\b", r"\bImageProcessor\b"),
    _attr("padding_mask", Family.PREPROCESSING, False,
          "preprocessor_config.json size / do_pad, observed: processor outputs and the "
          "encoder's forward arguments",
          r"\b(?:dynamic|variable[\s-]length)\s+padding\b",
          r"\b(?:attention|padding|pixel)[\s-]+mask(?:s|ing)?\b"),
    _attr("convert_rgb", Family.PREPROCESSING, False, "preprocessor_config.json do_convert_rgb",
          r"\bconvert\w*\s+(?:\w+\s+){0,3}?to\s+RGB\b", r"\bRGB\s+conversion\b"),
    _attr("num_beams", Family.GENERATION, True, "generation_config.json num_beams",
          r"\bbeam\s+(?:width|size|count)\s*(?:of|=|:|is)?\s*(?P<value>\d+)\b",
          r"\b(?P<value>\d+)\s+beams\b"),
    _attr("beam_search", Family.GENERATION, False, "generation_config.json num_beams > 1",
          r"\bbeam[\s-]search\b"),
    _attr("max_length", Family.GENERATION, True, "generation_config.json max_length",
          r"\bmax(?:imum)?[\s_-]+(?:new[\s_-]+)?(?:length|tokens)\s*(?:of|=|:|is)?\s*(?P<value>\d+)",
          r"\bup\s+to\s+(?P<value>\d+)\s+(?:output\s+|generated\s+)?tokens\b"),
    _attr("use_cache", Family.GENERATION, False, "generation_config.json use_cache",
          r"\b(?:kv|key[\s-]value)[\s-]cach\w*", r"\buse_cache\b"),
    _attr("early_stopping", Family.GENERATION, False, "generation_config.json early_stopping",
          r"\bearly[\s_-]stopping\b"),
    _attr("parameter_count", Family.PARAMETERS, True, "meta-device model, unique parameters",
          rf"(?P<value>{_APPROX}{_N}\s*(?:[KMBT]|bn|billion|million)?)[\s-]*(?:parameters?|params)\b"),
    _attr("model_size", Family.PARAMETERS, True, "parameter count x bytes per parameter",
          rf"(?P<value>{_APPROX}{_N}\s*[KMGT]i?B)\b(?!\s*(?:of\s+)?(?:VRAM|RAM|GPU|memory))"),
    _attr("license_name", Family.LICENSING, True, "README.md front matter license",
          r"\b(?P<value>MIT|Apache(?:[\s-]2(?:\.0)?)?|BSD(?:-\d-Clause)?|GPL(?:-?v?\d(?:\.\d)?)?|"
          r"CC[\s-]BY(?:[\s-](?:NC|SA|ND))*(?:[\s-]\d\.\d)?|OpenRAIL(?:-M)?)[\s-]+licen[cs]e",
          r"\bunder\s+(?:the\s+|an?\s+)?(?P<value>[\w.\-]+(?:\s[\w.\-]+){0,3}?)\s+licen[cs]e\b"),
    _attr("commercial_use", Family.LICENSING, True, "README.md front matter license",
          r"\b(?P<neg>non[\s-]?)?commercial(?:ly)?[\s-]+(?:use|usage|usable|purposes|"
          r"applications?|products?)\b"),
    _attr("open_weights", Family.LICENSING, True, "model folder kind; provider.json weights",
          r"\bopen[\s-]weights?\b", r"\bweights\s+(?:are\s+)?(?:publicly\s+)?(?:available|released|"
          r"published|downloadable)\b", r"\blocal\s+(?:deployment|inference)\b",
          r"\b(?:deploy(?:ed)?|run(?:s)?)\s+locally\b"),
    _attr("api_only", Family.LICENSING, True, "provider.json access / weights",
          r"\bAPI[\s-]only\b", r"\bclosed[\s-]weights?\b",
          r"\bonly\s+(?:available\s+)?(?:via|through)\s+(?:an?\s+|the\s+|its\s+)?(?:hosted\s+)?API\b"),
    _attr("api_access", Family.LICENSING, True, "provider.json api",
          r"\b(?:provides?|offers?|exposes?)\s+(?:an?\s+|the\s+|its\s+)?(?:commercial\s+|hosted\s+|"
          r"REST\s+|paid\s+)?API\b"),
    _attr("api_key", Family.LICENSING, True, "provider.json api.auth", r"\bAPI[\s-]keys?\b"),
    _attr("gated", Family.LICENSING, True, "README.md front matter gated", r"\bgated\b"),
    _attr("free_tier", Family.PRICING, True, "provider.json pricing.free_tier",
          r"\bfree[\s-]tier\b", r"\bfree\s+(?:of\s+charge|to\s+use|access|usage|plan|quota)\b",
          r"\bfor\s+free\b", r"\bwithout\s+payment\b", r"\bat\s+no\s+cost\b"),
    _attr("paid", Family.PRICING, True, "provider.json pricing.model",
          r"\bcommercial\s+API\b", r"\bpaid(?:[\s-]only)?\s+(?:API|tier|plan|access|service)\b",
          r"\bpaid[\s-]only\b", r"\brequires?\s+payment\b"),
    _attr("price", Family.PRICING, True, "provider.json pricing",
          r"\$\s?(?P<value>\d[\d.,]*(?:e[-+]?\d+)?)\s*(?:per|/)\s*(?P<unit>image|megapixel|MP|"
          r"request|call|generation|second|token|credit)\b"),
    _attr("per_image_pricing", Family.PRICING, True, "provider.json pricing.unit",
          r"\b(?:pric\w*|cost|charg\w*|bill\w*)\s+(?:is\s+|are\s+)?per[\s-]image\b",
          r"\bper[\s-]image\s+(?:pric\w*|cost|charg\w*|bill\w*)"),
    _attr("scheduler", Family.DIFFUSION, True, "scheduler/scheduler_config.json _class_name",
          r"\b(?P<value>(?-i:[A-Z])\w*Scheduler)\b",
          r"\b(?P<value>Euler|DDIM|DDPM|DPM-?Solver\+*|PNDM|UniPC)\s+(?:scheduler|sampler)\b"),
    _attr("flow_matching", Family.DIFFUSION, False, "scheduler_config.json _class_name",
          r"\b(?:rectified\s+)?flow[\s-]matching\b"),
    _attr("guidance_embeds", Family.DIFFUSION, True, "transformer/config.json guidance_embeds",
          r"\bguidance[\s-]embed(?:ding|dings|s)?\b", r"\bembedded\s+guidance\b",
          r"\bguidance\s+(?:scale\s+)?as\s+(?:an?\s+)?input\b"),
    _attr("steps", Family.DIFFUSION, True, "provider.json api.steps; scheduler files",
          r"\b(?P<value>\d+(?:\s*[-–]\s*\d+)?)\s+(?:inference\s+|sampling\s+|denoising\s+)?steps?\b"
          r"(?!\s+(?:of\s+)?training)"),
    _attr("output_resolution", Family.DIFFUSION, True, "provider.json api.width / api.height",
          r"\b(?P<value>\d+(?:\.\d+)?)\s*MP\b"),
)
BY_NAME = {a.name: a for a in ATTRIBUTES}

_CONTRAST = re.compile(
    r"\b(?:rather\s+than|instead\s+of|unlike|compared\s+(?:to|with)|versus|vs\.?|than|"
    r"comparable\s+to|similar\s+to|on\s+par\s+with|outperform\w*|beats?|matches|rivals|"
    r"distill\w*\s+from|teacher)"
    r"(?![\w-])", re.IGNORECASE)
# every contrast word contains one of these
_CONTRAST_HINTS = ("than", "instead", "unlike", "compar", "versus", "vs", "similar", "par",
                   "outperform", "beat", "match", "rival", "distill", "teacher")
_CLAUSE_END = re.compile(r"[;.](?:\s|$)|,?\s+(?:while|whereas|but)\b|,\s+\w+ing\b|$")


def contrast_spans(text: str) -> list[tuple[int, int]]:
    """Where the text describes an alternative: a contrast word to the end of its clause.

    Example:
        >>> t = "Uses ViT rather than CNN-based extraction, enabling reuse"
        >>> [t[a:b] for a, b in contrast_spans(t)]
        ['rather than CNN-based extraction']
    """
    lowered = text.lower()
    if not any(hint in lowered for hint in _CONTRAST_HINTS):   # most texts: no regex scan
        return []
    spans = []
    for match in _CONTRAST.finditer(text):
        end = _clause_end(text, match.end())
        spans.append((match.start(), end))
    return spans


@lru_cache(maxsize=4096)
def find_attributes(text: str) -> tuple[Mention, ...]:
    """Every attribute the text states about its subject, in text order, one per place.

    Example:
        >>> [(m.attribute.name, m.value) for m in find_attributes("default beam width 4")]
        [('num_beams', '4')]
    """
    contrasts = contrast_spans(text)
    found: list[Mention] = []
    for attribute in ATTRIBUTES:
        for pattern in attribute.patterns:
            for match in pattern.finditer(text):
                if any(a <= match.start() < b for a, b in contrasts):
                    continue
                value = match.groupdict().get("value")
                found.append(Mention(attribute, match.group(0), value, match.start(), match.end()))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        family = mention.attribute.family
        if not any(k.start <= mention.start < k.end and k.attribute.family == family
                   for k in kept):
            kept.append(mention)
    return tuple(kept)


def _clause_end(text: str, start: int) -> int:
    depth, i = 0, start
    while i < len(text):
        if text[i] in "([":
            depth += 1
        elif text[i] in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0 and (match := _CLAUSE_END.match(text, i)) and match.group(0):
            return i
        i += 1
    return len(text)
