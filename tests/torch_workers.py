"""The worker that tests/test_pytorch_conventions.py spawns: numpy and torch only, so each process starts fast."""

from __future__ import annotations

import numpy as np
import torch

SHARDINGS = (np.array([32, 32]), np.array([48, 16]))
"""Equal and unequal shards of a global batch of 64, over two workers."""


def data_parallel_worker(rank: int, world_size: int, port: int, features, targets, out_dir: str) -> None:
    import torch.distributed as dist

    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world_size)
    try:
        for index, sizes in enumerate(SHARDINGS):
            start = int(np.sum(sizes[:rank]))
            x = torch.tensor(features[start:start + int(sizes[rank])])
            y = torch.tensor(targets[start:start + int(sizes[rank])])
            # 1. By hand: the shard's mean() gradient, then all_reduce(SUM) / world_size.
            weights = torch.zeros(features.shape[1], dtype=torch.float64, requires_grad=True)
            (((x @ weights - y) ** 2) / 2).mean().backward()
            gradient = weights.grad.clone()
            dist.all_reduce(gradient, op=dist.ReduceOp.SUM)
            gradient /= world_size
            # 2. DistributedDataParallel on the same linear model.
            model = torch.nn.Linear(features.shape[1], 1, bias=False).double()
            torch.nn.init.zeros_(model.weight)
            ddp = torch.nn.parallel.DistributedDataParallel(model)
            (((ddp(x)[:, 0] - y) ** 2) / 2).mean().backward()
            np.save(f"{out_dir}/rank{rank}_sharding{index}.npy", np.stack([gradient.numpy(), model.weight.grad[0].numpy()]))
    finally:
        dist.destroy_process_group()
