"""The training loop shared by pretraining and LoRA fine-tuning: epochs over shuffled
mini-batches, validation loss after every epoch, early stopping on it, progress events,
cancellation between steps, and the best epoch's weights restored at the end."""

import time

import torch

from .errors import WorkerError

MIN_DELTA = 1e-5  # an epoch must beat the best validation loss by this much to count


def fit(model, params, task, train, val, *, epochs, batch_size, lr, patience, seed, snapshot,
        progress=None, cancelled=None, progress_interval=0.5):
    """Train `params` of `model`. snapshot() returns the tensors to keep for the best epoch.
    Returns a dict with per-epoch history, the best epoch and its snapshot."""
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    n = len(train)
    steps_per_epoch = max(1, -(-n // batch_size))
    total_steps = steps_per_epoch * epochs
    model.eval()
    initial_val = task.val_loss(model, val)
    history, best, best_epoch, best_state, bad_epochs = [], initial_val, 0, snapshot(), 0
    step, t0, last_emit, val_secs = 0, time.monotonic(), 0.0, 0.0
    train_secs, samples = 0.0, 0

    def emit(epoch, train_loss, val_loss, force=False):
        nonlocal last_emit
        now = time.monotonic()
        if progress is None or (not force and now - last_emit < progress_interval):
            return
        last_emit = now
        per_step = train_secs / max(step, 1)
        per_val = val_secs / max(len(history), 1)
        eta = (total_steps - step) * per_step + (epochs - len(history)) * per_val
        progress({"epoch": epoch, "epochs": epochs, "step": step, "steps_total": total_steps,
                  "train_loss": train_loss, "val_loss": val_loss, "eta_secs": round(eta, 2)})

    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(n, generator=gen)
        run_loss, run_n = 0.0, 0
        for i in range(0, n, batch_size):
            if cancelled is not None and cancelled():
                raise WorkerError("CANCELLED", "cancelled")
            s0 = time.monotonic()
            idx = order[i : i + batch_size]
            loss = task.train_loss(model, train, idx, gen)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            step += 1
            samples += len(idx)
            train_secs += time.monotonic() - s0
            run_loss += float(loss) * len(idx)
            run_n += len(idx)
            emit(epoch, run_loss / run_n, history[-1]["val_loss"] if history else None)
        model.eval()
        v0 = time.monotonic()
        val_loss = task.val_loss(model, val)
        val_secs += time.monotonic() - v0
        history.append({"epoch": epoch, "train_loss": run_loss / run_n, "val_loss": val_loss,
                        "secs": round(time.monotonic() - t0, 3)})
        if val_loss < best - MIN_DELTA:
            best, best_epoch, best_state, bad_epochs = val_loss, epoch, snapshot(), 0
        else:
            bad_epochs += 1
        emit(epoch, run_loss / run_n, val_loss, force=True)
        if bad_epochs >= patience:
            break
    return {"history": history, "initial_val_loss": initial_val, "best_epoch": best_epoch,
            "best_val_loss": best, "best_state": best_state, "stopped_early": len(history) < epochs,
            "epochs_run": len(history), "steps": step, "train_secs": train_secs,
            "train_samples_per_sec": samples / train_secs if train_secs else 0.0}
