"""Shared by the make_*.py scripts: the task -> kind mapping and the JSONL writer."""
import json
import os

KIND = {
    "creative": "general", "dialogue": "general", "writing": "general", "summarize": "general",
    "qa": "either",
    "math": "inference", "logic": "inference", "code": "inference", "debug": "inference", "plan": "inference",
}


def write(file_name, id_prefix, prompts):
    """Writes `prompts` ({task: [text, ...]}) next to this file as `file_name`, one labelled row a line."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, file_name), "w", encoding="utf-8") as out:
        for task, texts in prompts.items():
            for i, text in enumerate(texts):
                row = {"id": f"{id_prefix}:{task}-{i}", "task": task, "kind": KIND[task], "text": text}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(sum(len(v) for v in prompts.values()), "prompts")
