"""One UI package per family, named as in the core (collapse_core/<name>/): its page spec and
settings (__init__), its digest (digest.py) and its charts (figures/). Listed in
collapse_ui/registry.py BUILTIN."""
