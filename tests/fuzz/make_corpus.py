#!/usr/bin/env python3
"""make_corpus.py — writes the seed corpora tests/fuzz/corpus/<harness>/ and
the reproducers tests/fuzz/regression/<harness>/ (tests/fuzz/README.md).

Seeds are small valid inputs, made with the native CLI (build/native/rnnlab,
`scripts/build.sh` builds it): states of every cell (hand-written with short
numbers and PyTorch's two biases, then `rnnlab fit --steps 2` of them — the
engine's own output), batches of every task (`rnnlab batch`), configs, and
state + batch pairs for grad. Deterministic: running it again rewrites the
same files. Usage: python3 tests/fuzz/make_corpus.py [path/to/rnnlab]
"""
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLI = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/native/rnnlab")
GATES = {"rnn": 1, "lstm": 4, "gru": 3, "peephole_lstm": 4}


def write(harness, kind, name, data):
    d = os.path.join(HERE, kind, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def cli(*args):
    return subprocess.run([CLI, *args], check=True, capture_output=True, text=True).stdout.strip()


def compact(obj):
    return json.dumps(obj, separators=(",", ":"))


def hand_state(cell, V, E, H, C, seed, bias_hh=True):
    """A state as PyTorch would save it (two biases), short numbers."""
    rnd = random.Random(seed)
    G = GATES[cell]
    N = E if E > 0 else V

    def t(*shape):
        n = 1
        for s in shape:
            n *= s
        return {"shape": list(shape), "data": [round(rnd.uniform(-0.8, 0.8), 2) for _ in range(n)]}

    tensors = {}
    if E > 0:
        tensors["embedding.weight"] = t(V, E)
    tensors["rnn.weight_ih_l0"] = t(G * H, N)
    if cell == "peephole_lstm":
        tensors["rnn.weight_ch_l0"] = t(3 * H, H)
        tensors["rnn.bias_l0"] = t(G * H)
    else:
        tensors["rnn.weight_hh_l0"] = t(G * H, H)
        tensors["rnn.bias_ih_l0"] = t(G * H)
        tensors["rnn.bias_hh_l0"] = t(G * H) if bias_hh else {"shape": [G * H], "data": [0] * (G * H)}
    tensors["head.weight"] = t(C, H)
    tensors["head.bias"] = t(C)
    s = {"format": "rnnlab-state/1", "cell": cell, "vocab_size": V, "hidden_size": H, "num_classes": C, "tensors": tensors}
    if E > 0:
        s["embedding_dim"] = E
    return s


def seeds(tmp):
    batch3 = cli("batch", "--task", "binary_palindrome", "-T", "4", "--batch", "2", "--seed", "1")  # V 3, C 2
    bpath = os.path.join(tmp, "b.json")
    with open(bpath, "w") as f:
        f.write(batch3)
    batch3b = cli("batch", "--task", "binary_palindrome", "-T", "3", "--batch", "3", "--seed", "2")
    for cell in GATES:
        for E, tag in ((0, "onehot"), (2, "embed")):
            s = compact(hand_state(cell, 3, E, 2, 2, seed=len(cell) * 10 + E))
            spath = os.path.join(tmp, "s.json")
            with open(spath, "w") as f:
                f.write(s)
            fitted = cli("fit", "--state", spath, "--batch", bpath, "--steps", "2", "--optimizer", "sgd", "--lr", "0.5")
            write("fuzz_state", "corpus", f"{cell}_{tag}.json", s)
            write("fuzz_state", "corpus", f"{cell}_{tag}_fit.json", fitted)
            write("fuzz_grad", "corpus", f"{cell}_{tag}", s + "\0" + batch3)
        # grad with the Jacobian norms, and a second batch shape
        s = compact(hand_state(cell, 3, 0, 1, 2, seed=7))
        write("fuzz_grad", "corpus", f"{cell}_h1_jacobians", s + "\0" + batch3b + "\0J")
    # One-line pretty-printed state (whitespace, key order) and a GRU whose
    # bias_hh is zero (the n block still round-trips).
    write("fuzz_state", "corpus", "gru_pretty.json", json.dumps(hand_state("gru", 2, 0, 1, 3, seed=3), indent=1))
    write("fuzz_state", "corpus", "lstm_zero_bias_hh.json", compact(hand_state("lstm", 2, 0, 1, 2, seed=4, bias_hh=False)))
    # Stacks (num_layers 2 and 3) and per-step targets (-1 = no loss at that step).
    per_step = '{"tokens":[[0,1,1],[1,0,1]],"targets":[[1,-1,0],[-1,-1,1]]}'
    for cell, L in (("rnn", 2), ("lstm", 3), ("gru", 2)):
        spath = os.path.join(tmp, "stack.json")
        cli("train", "--cell", cell, "--layers", str(L), "--hidden", "2", "-T", "3", "--steps", "1", "--eval", "0",
            "-q", "--save", spath)
        with open(spath) as f:
            stacked = f.read().strip()
        write("fuzz_state", "corpus", f"{cell}_{L}_layers.json", stacked)
        write("fuzz_grad", "corpus", f"{cell}_{L}_layers_per_step", stacked + "\0" + per_step + ("\0J" if cell == "rnn" else ""))
    write("fuzz_batch", "corpus", "per_step.json", per_step)
    # Texts of the task "text": ASCII, every UTF-8 length, a byte-order mark, bad bytes.
    write("fuzz_text", "corpus", "grammar.txt", "the heron sees 3 otters. the fox likes 2 crows.\n")
    write("fuzz_text", "corpus", "utf8_lengths.txt", "a\u00e9\u20ac\U0001F426 a\u00e9")
    write("fuzz_text", "corpus", "bom.txt", b"\xef\xbb\xbfab(ab)")
    write("fuzz_text", "corpus", "bad_byte.txt", b"ab\xffcd")
    write("fuzz_text", "corpus", "cut_off.txt", b"abc\xe2\x82")
    # Files of the task "sequences": CSV (header, quotes, words), JSON (strings, arrays, integers), bad ones.
    write("fuzz_sequences", "corpus", "header.csv", "sequence,label\n0 1 1,odd\n\"1,0\",even\n10,even\n")
    write("fuzz_sequences", "corpus", "words.csv", "up down up,a\r\nd\u00e9j\u00e0,b\n\n" + "".join(f"x{k} y,{k % 3}\n" for k in range(12)))
    write("fuzz_sequences", "corpus", "items.json", '[{"sequence": "0 1 1", "label": "odd"},\n {"sequence": ["1", ",", 0], "label": 2},\n {"label": "even", "sequence": "10"}]')
    write("fuzz_sequences", "corpus", "bad_field.json", '[{"sequence": "ab", "label": 1},\n {"sequence": [1, true], "label": 2.5}]')
    write("fuzz_sequences", "corpus", "bad_quote.csv", 'ab,1\n"ab,2\na"b,3\n')
    write("fuzz_batch", "corpus", "per_step_all_minus_one.json", '{"tokens":[[0,1]],"targets":[[-1,-1]]}')

    tasks = json.loads(cli("tasks"))
    for task in tasks:
        name = task["name"]
        T = str(max(task["min_T"], 3))
        write("fuzz_batch", "corpus", f"{name}.json", cli("batch", "--task", name, "-T", T, "--batch", "3", "--seed", "1"))
    write("fuzz_batch", "corpus", "one_by_one.json", '{"tokens":[[0]],"targets":[0]}')
    write("fuzz_batch", "corpus", "pretty.json", json.dumps(json.loads(batch3), indent=2))

    configs = {
        "empty": "",
        "cli_defaults": "task=binary_palindrome\ncell=lstm\nT=16\nhidden=32\nembed=0\nbatch=32\noptimizer=adam\nlr=0.01\n"
                        "momentum=0\nclip=1\nseed=1\ninit=pytorch\nforgetBias=0\ngain=1\n",
        "js_numbers": "task=parity\ncell=gru\nT=#8\nhidden=#16\nbatch=#4\noptimizer=sgd\nlr=#0.1\nmomentum=#0.9\nnesterov=?true\n"
                      "clip=#0\nseed=#42\nbpttTerms=?false\ngates=?1\n",
        "peephole_float64": "cell=peephole_lstm\ntask=recall_first\nT=12\nhidden=8\nembed=4\nforgetBias=1\ngain=2.5\n"
                            "init=orthogonal\nprecision=float64\njacobians=?true\n",
        "random_combination": "task=random_combination\nT=#30\nbatch=#1000\nhidden=#64\nembed=#16\noptimizer=rmsprop\nlr=1e-3\n",
        "baum_sweet": "task=baum_sweet\nT=62\ncell=rnn\nhidden=4096\nbatch=1\n",
        "bad_values": "cell=tree\nhidden=0\nlr=abc\nT=#1e400\nseed=-1\nbatch=#0.5\nprecision=float16\ngain=@[1,2]\njacobians=yes\n",
        "index_keys": "$0=palindrome\n$1=rnn\n$2=#10\n$3=#128\n$5=#64\n$7=#0.003\n",
        "raw_doubles": "lr=!\x00\x00\x00\x00\x00\x00\xf8\x7f\nclip=!\x00\x00\x00\x00\x00\x00\xf0\x7f\nhidden=!\x00\x00\x00\x00\x00\x00\x30\x40\n",
        "text_numbers": "T=0x10\nhidden= 8\nbatch=1e2\nlr=.5e-1\nseed=9007199254740991\nforgetBias=-100\n",
    }
    configs["percent_text"] = "cell=%lstm\ntask=%25\nlr=%0a1\n"
    for name, text in configs.items():
        write("fuzz_config", "corpus", name, text.encode("latin-1"))

    sweeps = {
        "empty": "",
        "cli_defaults": "cells=rnn,lstm\nlengths=5,10,15,20,30\nseeds=3\nsteps=500\neval=500\n",
        "js_numbers": "cells=rnn,gru,peephole_lstm\nlengths=4, 8\nseeds=#2\nsteps=#10\neval=#100\ntask=parity\nhidden=#8\nbatch=#4\n",
        "with_base": "cells=lstm\nlengths=12,62\ntask=baum_sweet\nhidden=16\nembed=2\nlr=0.003\noptimizer=rmsprop\nseed=7\n",
        "bad_values": "cells=tree\nlengths=5,x\nseeds=0\nsteps=#1e400\neval=@{}\n",
        "over_limit": "cells=rnn,lstm,gru,peephole_lstm\nlengths=" + ",".join(str(t) for t in range(1, 27)) + "\nseeds=100\n",
        "index_keys": "$0=gru\n$1=3,6\n$2=#1\n$3=#5\n$4=#50\n$5=recall_first\n",
        "bad_base": "cells=rnn\nlengths=100000\nbatch=100000\nhidden=4096\n",
    }
    for name, text in sweeps.items():
        write("fuzz_sweep", "corpus", name, text)


def small_state(cell="rnn", V=3, H=2, C=2):
    return hand_state(cell, V, 0, H, C, seed=11)


def regressions():
    # ---- state ----
    huge = '{"format":"rnnlab-state/1","cell":"lstm","vocab_size":100000,"embedding_dim":4096,' \
           '"hidden_size":4096,"num_classes":100000,"tensors":{}}'
    write("fuzz_state", "regression", "huge_sizes_empty_tensors.json", huge)
    write("fuzz_state", "regression", "huge_sizes_no_tensors.json", huge.replace(',"tensors":{}', ""))
    s = small_state()
    s["tensors"]["rnn.weight_ih_l0"]["shape"] = [4294967298, 3]
    shape_wrap = compact(s)
    write("fuzz_state", "regression", "shape_4294967298.json", shape_wrap)
    s = small_state()
    s["tensors"]["head.weight"]["shape"] = [18446744073709551615, 2]
    write("fuzz_state", "regression", "shape_uint64_max.json", compact(s))
    s = small_state()
    s["tensors"]["head.bias"]["shape"] = [-4294967294]
    write("fuzz_state", "regression", "shape_negative_wrap.json", compact(s))
    write("fuzz_state", "regression", "nested_arrays_100000.json", "[" * 100000)
    write("fuzz_state", "regression", "nested_objects_20000.json", '{"":' * 20000)
    head = compact(small_state())
    head = head[: head.index('"tensors":{') + len('"tensors":{')]
    write("fuzz_state", "regression", "nested_inside_tensor.json", head + '"rnn.weight_hh_l0":{"shape":' + "[" * 50000)
    s = small_state()
    s["cell"] = "lstm\n\u001b[31mred\u001b[0m\r\u0007\u0085"
    write("fuzz_state", "regression", "cell_name_controls.json", json.dumps(s))
    s = small_state()
    s["cell"] = "x" * 100000
    write("fuzz_state", "regression", "cell_name_100000.json", compact(s))
    s = small_state()
    s["tensors"]["evil\n\u001b[2J\u0000\u001b]0;title\u0007"] = {"shape": [1], "data": [0]}
    write("fuzz_state", "regression", "tensor_key_controls.json", json.dumps(s))
    s = small_state()
    s["tensors"]["\u001b" * 5000] = {"shape": [1], "data": [0]}
    write("fuzz_state", "regression", "tensor_key_5000_escapes.json", json.dumps(s))
    s = small_state()
    s["format"] = "rnnlab-state/1\n\u001b[31m"
    write("fuzz_state", "regression", "format_controls.json", json.dumps(s))
    write("fuzz_state", "regression", "number_overflow.json", compact(small_state()).replace('"data":[', '"data":[1e999,', 1))
    # Found by review of the fuzz_state invariants: two finite biases whose sum
    # overflows were accepted as an infinite parameter (dump_state wrote null).
    s = small_state()
    s["tensors"]["rnn.bias_ih_l0"]["data"][0] = 1.5e308
    s["tensors"]["rnn.bias_hh_l0"]["data"][0] = 1.5e308
    write("fuzz_state", "regression", "bias_sum_overflow.json", compact(s))
    write("fuzz_state", "regression", "malformed_controls.json", '{"format":"rnnlab-state/1","cell":"\u001b[31m\n' + "\x01" * 300)

    # ---- batch ----
    write("fuzz_batch", "regression", "nested_arrays_100000.json", "[" * 100000)
    write("fuzz_batch", "regression", "nested_in_tokens.json", '{"tokens":' + "[" * 100000)
    write("fuzz_batch", "regression", "row_100001_tokens.json", '{"tokens":[[' + ",".join(["0"] * 100001) + ']],"targets":[0]}')
    write("fuzz_batch", "regression", "rows_100001.json",
          '{"tokens":[' + ",".join(["[0]"] * 100001) + '],"targets":[]}')
    write("fuzz_batch", "regression", "second_row_longer.json", '{"tokens":[[0],[' + ",".join(["1"] * 1000) + ']],"targets":[0,0]}')
    write("fuzz_batch", "regression", "token_4294967296.json", '{"tokens":[[4294967296,1]],"targets":[0]}')
    write("fuzz_batch", "regression", "target_uint64_max.json", '{"tokens":[[0]],"targets":[18446744073709551615]}')
    write("fuzz_batch", "regression", "key_controls.json", '{"tokens\\n\\u001b[31m":1,"tokens":[[0]],"targets":["\\u001b"]}')

    # ---- config ----
    for face, p in (("text", ""), ("js", "#")):
        write("fuzz_config", "regression", f"T65536_batch65536_hidden1_{face}", f"T={p}65536\nbatch={p}65536\nhidden={p}1\n")
        write("fuzz_config", "regression", f"hidden4096_lstm_{face}", f"hidden={p}4096\ncell=lstm\n")
        write("fuzz_config", "regression", f"hidden4096_embed4096_random_combination_{face}",
              f"task=random_combination\nT={p}100000\nhidden={p}4096\nembed={p}4096\nbatch={p}1\n")
        write("fuzz_config", "regression", f"T100000_batch100000_{face}", f"T={p}100000\nbatch={p}100000\nhidden={p}1\n")
    write("fuzz_config", "regression", "value_controls", "cell=lstm\n\x1b[31m\r\x07\nlr=\x1b[2J\noptimizer=\xc2\x85\ntask=" + "\x1b" * 3000 + "\n")

    # ---- sweep: values quoted back into messages ----
    write("fuzz_sweep", "regression", "cell_name_controls", "cells=rnn,\x1b[31mlstm\r\x07\n")
    write("fuzz_sweep", "regression", "cell_name_newline", "cells=%rnn,lstm%0a%1b[2J\n")
    write("fuzz_sweep", "regression", "lengths_controls", "lengths=5,\x1b]0;title\x07\n")
    write("fuzz_sweep", "regression", "lengths_6000_bytes", "lengths=" + "5," * 3000 + "x\n")
    write("fuzz_sweep", "regression", "seeds_other_controls", "seeds=@\x1b[31m{}\nsteps=%1%0a\neval=" + "9" * 5000 + "\n")
    write("fuzz_sweep", "regression", "models_10400", "cells=rnn,lstm,gru,peephole_lstm\nseeds=100\nlengths=" + ",".join(["5"] * 26) + "\n")
    # Found by review: 100 seeds x 32768 cells x 32768 lengths = 100 * 2^30
    # models; parse_sweep_spec counts them in size_t, which wraps to 0 in
    # wasm32, so createSweep() accepted it and hung. Refused natively (64 bits).
    write("fuzz_sweep", "regression", "models_100x2pow30_wraps_in_wasm32",
          "seeds=100\nsteps=1\ncells=" + ",".join(["rnn"] * 32768) + "\nlengths=" + ",".join(["5"] * 32768) + "\n")
    write("fuzz_sweep", "regression", "lengths_extremes", "lengths=2000000000,-2000000000,0\ncells=rnn\n")

    # ---- grad: the state reproducers with a valid batch, and the batch ones with a valid state ----
    batch3 = '{"targets":[0,1],"tokens":[[2,0,0,0],[1,0,0,0]]}'
    good = compact(small_state())
    write("fuzz_grad", "regression", "huge_sizes_no_tensors", huge + "\0" + batch3)
    write("fuzz_grad", "regression", "shape_4294967298", shape_wrap + "\0" + batch3)
    write("fuzz_grad", "regression", "nested_state", "[" * 100000 + "\0" + batch3)
    write("fuzz_grad", "regression", "nested_batch", good + "\0" + "[" * 100000)
    write("fuzz_grad", "regression", "row_100001_tokens", good + "\0" + '{"tokens":[[' + ",".join(["0"] * 100001) + ']],"targets":[0]}')
    write("fuzz_grad", "regression", "token_out_of_range", good + "\0" + '{"tokens":[[3]],"targets":[0]}')


def main():
    with tempfile.TemporaryDirectory() as tmp:
        seeds(tmp)
    regressions()


if __name__ == "__main__":
    main()
