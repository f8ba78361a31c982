#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording of the gateway (loadtest/README.md, "Profiling a run").

  loadtest/scripts/jfr-summary.py gateway.jfr [path/to/jfr]

Reads jdk.ExecutionSample events (`jfr print`), and prints, as shares of all samples: the hottest frames; each
sample charged to its *owner*, the first frame from the top that is not the JDK's, grouped by library; each sample
charged to the I/O it serves (database, Redis, channel calls, HTTP server); and the gateway's own methods,
inclusive. Only samples of Java code are counted: native code (the Corretto provider's RSA, the kernel) does not
show here; the load test's /proc figures count it.
"""
import collections
import re
import subprocess
import sys

CATEGORIES = [
    ('crypto: BouncyCastle (SM2/SM3)', r'^org\.bouncycastle'),
    ('crypto: RSA (JDK)', r'^(sun\.security\.rsa|com\.amazon\.corretto|sun\.security\.provider)'),
    ('Reactor context propagation (thread-local restoring)', r'^(io\.micrometer\.context|reactor\.core\.publisher\.(ContextPropagation|\w*RestoringThreadLocals)|org\.springframework\.security\.\w+(\.\w+)*ThreadLocal)'),
    ('Micrometer observation and tracing', r'^(io\.micrometer\.observation|io\.micrometer\.tracing|io\.opentelemetry|org\.springframework\.boot\.micrometer\.tracing)'),
    ('Micrometer meters', r'^io\.micrometer\.'),
    ('logging', r'^(ch\.qos\.logback|org\.slf4j|org\.springframework\.boot\.logging)'),
    ('Jackson', r'^(com\.fasterxml\.jackson|tools\.jackson)'),
    ('R2DBC (PostgreSQL driver, pool)', r'^io\.r2dbc'),
    ('Lettuce (Redis)', r'^io\.lettuce'),
    ('Netty and Reactor Netty', r'^(io\.netty|reactor\.netty)'),
    ('Spring (web, security, data)', r'^org\.springframework'),
    ('Reactor core operators', r'^reactor\.'),
    ('the gateway and its adapters (org.hospay)', r'^org\.hospay'),
]
# The I/O a sample serves: the first frame from the top that belongs to one of these (a Reactor operator under a
# database call counts for the database). Samples none of them claims: Reactor plumbing between them, start-up.
IO_KINDS = [
    ('database (Spring R2DBC client, driver, pool)', r'^(io\.r2dbc|org\.springframework\.r2dbc)'),
    ('Redis (Lettuce, Spring Data Redis)', r'^(io\.lettuce|org\.springframework\.data\.redis)'),
    ('channel calls (WebClient, Reactor Netty client)', r'(WebClient|ExchangeFunctions|ClientHttpConnector|^reactor\.netty\.http\.client)'),
    ('HTTP server (Reactor Netty server, WebFlux, security filters)', r'^(reactor\.netty\.http\.server|org\.springframework\.web|org\.springframework\.security\.web|org\.springframework\.http\.server)'),
    ('crypto: BouncyCastle (SM2/SM3)', r'^org\.bouncycastle'),
]
FRAME = re.compile(r'^([\w$.<>]+)\(.*\)(\s+line:.*)?$')
JDK = re.compile(r'^(java\.|javax\.|jdk\.|sun\.)')


def samples(path, jfr):
    out = subprocess.run([jfr, 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '256', path],
                         capture_output=True, text=True, check=True).stdout
    stacks, cur = [], None
    for line in out.splitlines():
        s = line.strip()
        if s.startswith('jdk.ExecutionSample'):
            cur = []
            stacks.append(cur)
        elif cur is not None:
            m = FRAME.match(s)
            if m:
                cur.append(m.group(1))
    return [s for s in stacks if s]


def category(frame):
    return next((name for name, rx in CATEGORIES if re.match(rx, frame)), 'JDK only')


def main():
    path = sys.argv[1]
    stacks = samples(path, sys.argv[2] if len(sys.argv) > 2 else 'jfr')
    n = len(stacks)
    pct = lambda c: f'{100 * c / n:5.1f} %'
    print(f'{n} CPU samples in {path}\n')
    print('Hottest frames (self):')
    for f, c in collections.Counter(s[0] for s in stacks).most_common(15):
        print(f'  {pct(c)}  {f}')
    owners = [next((f for f in s if not JDK.match(f)), s[0]) for s in stacks]
    print('\nBy owner (the first frame from the top that is not the JDK\'s), grouped:')
    for name, c in collections.Counter(category(o) for o in owners).most_common():
        print(f'  {pct(c)}  {name}')
    print('\nBy the I/O it serves (the first frame from the top that belongs to one):')
    served = collections.Counter(next((name for f in s for name, rx in IO_KINDS if re.search(rx, f)), 'none of them')
                                 for s in stacks)
    for name, c in served.most_common():
        print(f'  {pct(c)}  {name}')
    print('\nTop owners:')
    for f, c in collections.Counter(owners).most_common(15):
        print(f'  {pct(c)}  {f}')
    ours = collections.Counter()
    for s in stacks:
        for f in {f for f in s if f.startswith('org.hospay')}:
            ours[f] += 1
    print('\nThe gateway\'s own methods, inclusive (a sample counts once for each method on its stack):')
    for f, c in ours.most_common(15):
        print(f'  {pct(c)}  {f}')


if __name__ == '__main__':
    main()
