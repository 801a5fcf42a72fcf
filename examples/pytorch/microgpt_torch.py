"""microgpt in PyTorch, for the benchmark table in docs/BENCHMARKS.md.

The same model as examples/.../microgpt/MicroGpt.java (embedding 16, 4 heads of width 4, one layer,
block size 16, vocabulary 27, rmsnorm without weights, ReLU MLP, no biases, 4,192 parameters),
written the way a PyTorch user would: the whole document at once with a causal mask, which is the
fast form for PyTorch. Times one training step (loss, backward, and optionally Adam) per document
on one thread, in float64 and float32.

Run with Debian's python3-torch:  /usr/bin/python3 examples/pytorch/microgpt_torch.py
"""
import math
import sys
import time

import torch

N_EMBD, N_HEAD, N_LAYER, BLOCK, VOCAB = 16, 4, 1, 16, 27
HEAD_DIM = N_EMBD // N_HEAD


def init(dtype, seed=42):
    g = torch.Generator().manual_seed(seed)

    def p(*shape):
        return (torch.randn(*shape, generator=g, dtype=torch.float64) * 0.08).to(dtype).requires_grad_()

    params = {"wte": p(VOCAB, N_EMBD), "wpe": p(BLOCK, N_EMBD), "lm_head": p(VOCAB, N_EMBD)}
    for li in range(N_LAYER):
        for name, shape in [("wq", (N_EMBD, N_EMBD)), ("wk", (N_EMBD, N_EMBD)),
                            ("wv", (N_EMBD, N_EMBD)), ("wo", (N_EMBD, N_EMBD)),
                            ("fc1", (4 * N_EMBD, N_EMBD)), ("fc2", (N_EMBD, 4 * N_EMBD))]:
            params[f"{li}.{name}"] = p(*shape)
    return params


def rmsnorm(x):
    return x * (x.pow(2).mean(-1, keepdim=True) + 1e-5).rsqrt()


def loss_fn(params, tokens):
    n = min(BLOCK, len(tokens) - 1)
    idx = torch.tensor(tokens[:n])
    targets = torch.tensor(tokens[1:n + 1])
    x = params["wte"][idx] + params["wpe"][:n]
    x = rmsnorm(x)
    mask = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)
    for li in range(N_LAYER):
        residual = x
        x = rmsnorm(x)
        q = (x @ params[f"{li}.wq"].T).view(n, N_HEAD, HEAD_DIM).transpose(0, 1)
        k = (x @ params[f"{li}.wk"].T).view(n, N_HEAD, HEAD_DIM).transpose(0, 1)
        v = (x @ params[f"{li}.wv"].T).view(n, N_HEAD, HEAD_DIM).transpose(0, 1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(HEAD_DIM)
        att = att.masked_fill(mask, float("-inf")).softmax(-1)
        y = (att @ v).transpose(0, 1).reshape(n, N_EMBD)
        x = y @ params[f"{li}.wo"].T + residual
        residual = x
        x = rmsnorm(x)
        x = torch.relu(x @ params[f"{li}.fc1"].T) @ params[f"{li}.fc2"].T + residual
    logits = x @ params["lm_head"].T
    return torch.nn.functional.cross_entropy(logits, targets)


def time_step(dtype, tokens, adam, repeats=2000):
    params = init(dtype)
    opt = torch.optim.Adam(params.values(), lr=0.01, betas=(0.85, 0.99), eps=1e-8) if adam else None
    for _ in range(200):  # warm-up
        loss = loss_fn(params, tokens)
        loss.backward()
        if opt:
            opt.step()
        for p in params.values():
            p.grad = None
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats // 5):
            loss = loss_fn(params, tokens)
            loss.backward()
            if opt:
                opt.step()
            for p in params.values():
                p.grad = None
        best = min(best, (time.perf_counter() - start) / (repeats // 5))
    return best * 1e6


def main():
    torch.set_num_threads(1)
    # Documents of 7 and 16 positions: BOS + name + BOS, 8 and 17 tokens ("emmale", and a
    # 15-letter name), as in the Java benchmark.
    docs = {7: [26, 4, 12, 12, 0, 11, 4, 26],
            16: [26, 0, 11, 4, 23, 0, 13, 3, 17, 8, 0, 13, 13, 0, 1, 4, 26]}
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread")
    for n, tokens in docs.items():
        assert min(BLOCK, len(tokens) - 1) == n
        for dtype in (torch.float64, torch.float32):
            a = time_step(dtype, tokens, adam=False)
            b = time_step(dtype, tokens, adam=True)
            print(f"n={n:2d} {str(dtype):14s} value+gradient {a:7.1f} us   +Adam {b:7.1f} us")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
