#!/usr/bin/env python3
"""CPU and allocation per request in the JFR window of one bench/run.sh run (PROFILE=1).

    bench/per-request.py bench/target/run      # after bench/run.sh; copy the folder with `cp -a` (the window is
                                               # taken from the mtimes of threads-before.txt / threads-after.txt)

CPU: the JVM's threads' ticks over the 30 s window (/proc), per request served in it, with and without the JIT
compiler and JFR threads (recording makes the JIT busy). Allocation: the sum of jdk.ObjectAllocationSample
weights (JFR's estimate of all bytes allocated) in the window, per request, cross-checked against the heap
growth between the window's GCs (jdk.GCHeapSummary); then the top allocating frames and classes.
"""
import json, re, subprocess, sys, collections, os
d = sys.argv[1]
hz = os.sysconf('SC_CLK_TCK')
wrk = open(f'{d}/wrk-P-gateway-warm.txt').read()
reqs = int(re.search(r'BENCH requests=(\d+)', wrk).group(1))
dur = int(re.search(r'duration_us=(\d+)', wrk).group(1)) / 1e6
def ticks(f):
    return {l.split()[0]: int(l.split()[1]) for l in open(f) if l.strip()}
b, a = ticks(f'{d}/threads-before.txt'), ticks(f'{d}/threads-after.txt')
delta = {k: a.get(k, 0) - b.get(k, 0) for k in a}
tot = sum(delta.values()); jit = sum(v for k, v in delta.items() if 'Compiler' in k)
jfr = sum(v for k, v in delta.items() if k.startswith('JFR'))
loop = sum(v for k, v in delta.items() if k.startswith('reactor-http'))
print(f'requests in the 30 s JFR window: {reqs} ({reqs/dur:.0f} req/s)')
print(f'JVM CPU per request: {tot/hz/reqs*1e3:.3f} ms; without JIT compiler and JFR threads: {(tot-jit-jfr)/hz/reqs*1e3:.3f} ms; event loops only: {loop/hz/reqs*1e3:.3f} ms (JIT {100*jit/tot:.0f}% of the JVM CPU)')
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '16', '--events', 'jdk.ObjectAllocationSample', f'{d}/gateway.jfr'],
                     capture_output=True, text=True).stdout
import datetime
w0 = os.path.getmtime(f'{d}/threads-before.txt'); w1 = os.path.getmtime(f'{d}/threads-after.txt')
def ts(t): return datetime.datetime.fromisoformat(t[:26].rstrip('Z')).replace(tzinfo=datetime.timezone.utc).timestamp()
print(f'window: {datetime.datetime.utcfromtimestamp(w0)} .. {datetime.datetime.utcfromtimestamp(w1)} UTC ({w1-w0:.1f} s)')
ev = [e for e in json.loads(out)['recording']['events'] if w0 <= ts(e['values']['startTime']) <= w1]
total = sum(e['values']['weight'] for e in ev)
print(f'allocation per request (sum of jdk.ObjectAllocationSample weights / requests): {total/reqs/1024:.1f} KB ({len(ev)} samples)')
top = collections.Counter(); cls = collections.Counter(); gw = collections.Counter()
def fr(f):
    m = f['method']; return m['type']['name'] + '.' + m['name']
for e in ev:
    w = e['values']['weight']; st = e['values']['stackTrace']
    frames = st['frames'] if st else []
    if frames:
        top[fr(frames[0])] += w
    cls[e['values']['objectClass']['name']] += w
    seen = set()
    for f in frames:
        n = fr(f)
        if n.startswith('io.sovereign') and n not in seen:
            seen.add(n); gw[n] += w
            break   # the innermost gateway frame: who asked for the allocation
print('\ntop allocating frames (self, share of bytes):')
for k, v in top.most_common(15): print(f'  {100*v/total:5.1f}%  {k}')
print('\ntop allocated classes:')
for k, v in cls.most_common(10): print(f'  {100*v/total:5.1f}%  {k}')
print('\ninnermost gateway frame above the allocation (stack depth 16):')
for k, v in gw.most_common(15): print(f'  {100*v/total:5.1f}%  {k}')
out = subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.GCHeapSummary', f'{d}/gateway.jfr'], capture_output=True, text=True).stdout
hs = sorted([e for e in json.loads(out)['recording']['events'] if w0 <= ts(e['values']['startTime']) <= w1], key=lambda e: (e['values']['startTime'], e['values']['when'] != 'Before GC'))
alloc = 0; last_after = None; first = last = None
for e in hs:
    v = e['values']
    if v['when'] == 'Before GC':
        if last_after is not None:
            alloc += v['heapUsed'] - last_after
            last = v['startTime']
        elif first is None:
            first = v['startTime']
    else:
        last_after = v['heapUsed']
        if first is None: first = v['startTime']
span = ts(last) - ts(first) if first and last else 0
print(f'\nallocation between GCs inside the window (jdk.GCHeapSummary, {len(hs)//2} GCs over {span:.1f} s): {alloc/1e6:.0f} MB, i.e. {alloc/span/1e6:.1f} MB/s; at the window rate of {reqs/dur:.0f} req/s: {alloc/span/(reqs/dur)/1024:.1f} KB per request')

# Inclusive CPU shares (execution samples with a frame anywhere on the stack) of the pieces named in bench/PROFILE.md.
txt = open(f'{d}/gateway-samples.txt').read().split('jdk.ExecutionSample')[1:]
n = len(txt)
pieces = [
    ('Spring Security (any frame)', lambda b: 'org.springframework.security' in b),
    ('  of which StrictServerWebExchangeFirewall', lambda b: 'StrictServerWebExchangeFirewall' in b),
    ('HttpHeaders copies (CaseInsensitiveHeaderNameSet/EntrySet, HttpHeaders.addAll, LinkedCaseInsensitiveMap)',
     lambda b: any(s in b for s in ('CaseInsensitiveHeaderNameSet', 'CaseInsensitiveEntrySet', 'HttpHeaders.addAll', 'LinkedCaseInsensitiveMap'))),
    ('pipeline/AuthenticateFilter + auth/*', lambda b: 'AuthenticateFilter' in b or 'sovereign.gateway.auth.' in b),
    ('pipeline/PipelineEntryFilter header scan (setHeaders/dropUpstreamAccountHeaders)',
     lambda b: 'PipelineEntryFilter.setHeaders' in b or 'dropUpstreamAccountHeaders' in b),
    ('pipeline/RequestRecorder.record', lambda b: 'RequestRecorder.record' in b),
    ('  of which the audit line (ObjectNode + toString)', lambda b: 'RequestRecorder.line' in b or ('BaseJsonNode.toString' in b and 'RequestRecorder' in b)),
    ('metrics/GatewayMetrics lookups', lambda b: 'GatewayMetrics' in b),
    ('upstream/ForwardFilter (inclusive of the SCG routing below it)', lambda b: 'ForwardFilter' in b),
    ('upstream/UpstreamRequest.<init> (request.mutate(): copies every header)', lambda b: 'UpstreamRequest.<init>' in b),
    ('SCG HttpHeadersFilter (request/response header copies)', lambda b: 'HttpHeadersFilter' in b),
    ('budget/SettleFilter + openai/UsageTap (response tap)', lambda b: 'SettleFilter' in b or 'UsageTap' in b),
    ('pipeline/ParseFilter + openai/RequestParser', lambda b: 'ParseFilter' in b or 'RequestParser' in b),
    ('pipeline/ClassifyFilter', lambda b: 'ClassifyFilter' in b),
    ('quota/QuotaFilter + RequestRateFilter', lambda b: 'QuotaFilter' in b or 'RequestRateFilter' in b),
    ('  of which quota/TokenCounter (jtokkit)', lambda b: 'TokenCounter' in b),
    ('budget/BudgetFilter + MemoryBudgetStore', lambda b: 'BudgetFilter' in b or 'MemoryBudgetStore' in b),
]
print(f'\ninclusive share of {n} execution samples:')
for name, p in pieces:
    c = sum(1 for b in txt if p(b))
    print(f'  {100*c/n:5.1f}%  {name}')
