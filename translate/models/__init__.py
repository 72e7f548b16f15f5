"""The models: finding and loading them, tokenizers, backends (torch, CTranslate2),
batched generation, the translator and the summariser."""
