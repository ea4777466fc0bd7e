"""The model runtime: GGUF files, llama.cpp sessions, the merged adapter, the embedder."""
