"""Writing a PEFT LoRA adapter of the router model as a llama.cpp GGUF adapter."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

# Hugging Face module names of Gemma 3 and their llama.cpp tensor names.
_TENSORS = {
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}
_NAME = re.compile(r"layers\.(\d+)\.(.+)\.lora_([AB])(?:\.default)?\.weight$")


def gguf_tensor_name(peft_name: str) -> tuple[str, str]:
    """('blk.N.attn_q.weight', 'a' or 'b') for a PEFT parameter name."""
    match = _NAME.search(peft_name)
    if match is None:
        raise ValueError(f"not a LoRA weight of a known layer: {peft_name}")
    layer, module, half = match.groups()
    if module not in _TENSORS:
        raise ValueError(f"LoRA on {module} is not supported")
    return f"blk.{layer}.{_TENSORS[module]}.weight", half.lower()


def read_adapter(path: Path) -> dict[str, np.ndarray]:
    """The LoRA halves of a GGUF adapter, by GGUF tensor name (`blk.N.attn_q.weight.lora_a`)."""
    import gguf

    reader = gguf.GGUFReader(str(path))
    return {t.name: np.array(t.data, dtype=np.float32) for t in reader.tensors}


def write_adapter(state: dict[str, np.ndarray], alpha: float, path: Path,
                  architecture: str = "gemma3") -> int:
    """Write LoRA weights as a GGUF adapter that llama.cpp loads with `lora_path`.

    Args:
        state: PEFT parameter name -> array; lora_A is (rank, in), lora_B is (out, rank).
        alpha: the LoRA alpha; llama.cpp scales by alpha / rank as PEFT does.
        path: the .gguf file to write (through a temporary file and a rename).

    Returns:
        The number of adapted weight matrices.
    """
    import os

    import gguf

    tmp = path.with_suffix(".tmp")
    writer = gguf.GGUFWriter(str(tmp), architecture)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(alpha))
    pairs: dict[str, dict[str, np.ndarray]] = {}
    for name, value in state.items():
        base, half = gguf_tensor_name(name)
        pairs.setdefault(base, {})[half] = np.ascontiguousarray(value, dtype=np.float32)
    for base in sorted(pairs):
        halves = pairs[base]
        if set(halves) != {"a", "b"}:
            raise ValueError(f"{base}: needs both LoRA halves")
        writer.add_tensor(f"{base}.lora_a", halves["a"])
        writer.add_tensor(f"{base}.lora_b", halves["b"])
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, path)
    return len(pairs)
