#!/usr/bin/env python3
"""Generates src/main/resources/catalog/builtin-catalog.yaml, Healthgate's built-in catalog.

Where every fact comes from:
  - gateways: data/gateways.tsv (columns slug, name, chat_base_url, models_url, api_key_env,
    protocol, notes; "the 31 upstream gateways of the platform ... as of early 2026").
    slug -> name, name -> display_name, chat_base_url -> base_url ({VAR} becomes ${VAR}),
    models_url ("-" = none) -> models_url, api_key_env, protocol, notes.
    Gateways whose protocol is "special" get enabled: false and a disabled_reason.
    What the notes say in words is encoded as data here (see GATEWAY_EXTRAS): openrouter's
    HTTP-Referer / X-Title headers and 4 model switches a minute, aihubmix's APP-Code header from
    AIHUBMIX_APP_CODE, openai's max_completion_tokens.
  - models: data/models.tsv (compiled 2026-11-27 from public sources dated 2026-07-02 ..
    2026-09-29; the compile line and the source-key legend are copied into the output header).
    canonical_id -> id, provider, context_tokens ("-" = 0), reasoning (yes/no), offers
    (gateway:upstream_id;...) -> offers[].gateway/.model, sources (gateway:KEY;... same order)
    -> offers[].source, so each upstream id stays traceable to the source that named it.

Python 3 standard library only. Usage (from the repository root):
  python3 scripts/gen-catalog.py [--data DIR] [--out FILE]
DIR defaults to data/ in the repository (the tables, with their source columns, live there).
"""
import argparse
import hashlib
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = os.path.join(REPO, "data")
DEFAULT_OUT = os.path.join(REPO, "src", "main", "resources", "catalog", "builtin-catalog.yaml")

# The gateways.tsv notes column, turned into data the gateway acts on.
GATEWAY_EXTRAS = {
    "openrouter": {
        "headers": {"HTTP-Referer": "https://github.com/healthgate/healthgate", "X-Title": "Healthgate"},
        "model_switches_per_minute": 4,
    },
    "aihubmix": {"headers": {"APP-Code": "${AIHUBMIX_APP_CODE}"}},
    "openai": {"max_completion_tokens": True},
}


def q(s):
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=True)


def read_tsv(path):
    comments, rows, header = [], [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                comments.append(line[1:].strip())
                continue
            if not line.strip():
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            cols += [""] * (len(header) - len(cols))
            rows.append(dict(zip(header, cols)))
    return comments, rows


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def gateway_yaml(g):
    slug = g["slug"]
    protocol = g["protocol"].strip()
    base_url = re.sub(r"(?<!\$)\{([A-Z0-9_]+)\}", r"${\1}", g["chat_base_url"].strip())
    models_url = g["models_url"].strip()
    models_url = "" if models_url == "-" else models_url
    notes = g["notes"].strip()
    out = [f"  - name: {q(slug)}",
           f"    display_name: {q(g['name'].strip())}",
           f"    base_url: {q(base_url)}",
           f"    models_url: {q(models_url)}",
           f"    protocol: {protocol}",
           f"    api_key_env: {q(g['api_key_env'].strip())}"]
    if protocol == "special":
        out.append("    enabled: false")
        reason = "protocol 'special': needs its own adapter, which does not exist yet"
        out.append(f"    disabled_reason: {q(reason)}")
    if notes:
        out.append(f"    notes: {q(notes)}")
    extras = GATEWAY_EXTRAS.get(slug, {})
    if "headers" in extras:
        out.append("    headers:")
        for k, v in extras["headers"].items():
            out.append(f"      {q(k)}: {q(v)}")
    if "model_switches_per_minute" in extras:
        out.append(f"    model_switches_per_minute: {extras['model_switches_per_minute']}")
    if extras.get("max_completion_tokens"):
        out.append("    max_completion_tokens: true")
    return out


def model_yaml(m, gateway_names):
    offers = [o for o in m["offers"].split(";") if o.strip()]
    sources = [s for s in m["sources"].split(";") if s.strip()]
    if len(offers) != len(sources):
        sys.exit(f"{m['canonical_id']}: {len(offers)} offers but {len(sources)} sources")
    ctx = m["context_tokens"].strip()
    out = [f"  - id: {q(m['canonical_id'].strip())}",
           f"    provider: {q(m['provider'].strip())}",
           f"    context_tokens: {0 if ctx in ('', '-') else int(ctx)}",
           f"    reasoning: {'true' if m['reasoning'].strip() == 'yes' else 'false'}",
           "    offers:"]
    for offer, source in zip(offers, sources):
        gw, _, upstream = offer.partition(":")
        sgw, _, key = source.partition(":")
        if gw != sgw:
            sys.exit(f"{m['canonical_id']}: offer {gw} but source {sgw} at the same position")
        if gw not in gateway_names:
            sys.exit(f"{m['canonical_id']}: offer on unknown gateway {gw}")
        out.append(f"      - {{ gateway: {q(gw)}, model: {q(upstream)}, source: {q(key)} }}")
    return out


# models.tsv lists chat models only. These embedding models are OpenAI's documented ones (model ids
# and default vector lengths from OpenAI's embeddings guide); kind/dimensions feed POST /v1/embeddings.
EMBEDDING_MODELS = [
    ("openai/text-embedding-3-small", "openai", 1536, [("openai", "text-embedding-3-small")]),
    ("openai/text-embedding-3-large", "openai", 3072, [("openai", "text-embedding-3-large")]),
]


def embedding_yaml(model_id, provider, dimensions, offers):
    out = [f"  - id: {q(model_id)}",
           f"    provider: {q(provider)}",
           "    kind: embedding",
           f"    dimensions: {dimensions}",
           "    offers:"]
    for gw, upstream in offers:
        out.append(f"      - {{ gateway: {q(gw)}, model: {q(upstream)}, source: \"OpenAI embeddings guide\" }}")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    gw_path = os.path.join(args.data, "gateways.tsv")
    md_path = os.path.join(args.data, "models.tsv")
    gw_comments, gateways = read_tsv(gw_path)
    md_comments, models = read_tsv(md_path)
    names = {g["slug"] for g in gateways}

    lines = [
        "# Healthgate built-in catalog. GENERATED by scripts/gen-catalog.py: do not edit by hand;",
        "# change data/gateways.tsv or data/models.tsv and run",
        "#   python3 scripts/gen-catalog.py",
        f"# Inputs: gateways.tsv sha256 {sha256(gw_path)[:16]} ({len(gateways)} gateways),",
        f"#         models.tsv sha256 {sha256(md_path)[:16]} ({len(models)} models).",
        "# Mapping: gateways.tsv slug/name/chat_base_url/models_url/api_key_env/protocol/notes ->",
        "#   name/display_name/base_url/models_url/api_key_env/protocol/notes; special -> enabled: false.",
        "#   Headers, model_switches_per_minute and max_completion_tokens encode the notes column.",
        "# models.tsv canonical_id/provider/context_tokens/reasoning/offers -> id/provider/",
        "#   context_tokens/reasoning/offers; each offer's `source` is that offer's entry of the",
        "#   sources column (keys explained below).",
        "#",
        "# From gateways.tsv:",
    ]
    lines += [f"#   {c}" for c in gw_comments]
    lines += ["#", "# From models.tsv:"]
    lines += [f"#   {c}" for c in md_comments]
    lines += ["", "gateways:"]
    for g in gateways:
        lines += gateway_yaml(g)
    lines += ["", "models:"]
    for m in models:
        lines += model_yaml(m, names)
    for e in EMBEDDING_MODELS:
        lines += embedding_yaml(*e)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {os.path.relpath(args.out, REPO)}: {len(gateways)} gateways, {len(models)} chat models, "
          f"{len(EMBEDDING_MODELS)} embedding models")


if __name__ == "__main__":
    main()
