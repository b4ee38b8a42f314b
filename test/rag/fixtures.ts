// Small projects for the retrieval tests: distinct vocabulary per file, so
// the scripted Ollama's bag-of-words embeddings rank the right chunk first.

export const project: Record<string, string> = {
  'src/state.rs': [
    '// Terminal state kept between commands.',
    'use std::collections::VecDeque;',
    '',
    'pub struct TerminalState {',
    '    pub cwd: String,',
    '    pub history: VecDeque<String>,',
    '}',
    '',
    'impl TerminalState {',
    '    pub fn new(cwd: &str) -> Self {',
    '        Self { cwd: cwd.to_string(), history: VecDeque::new() }',
    '    }',
    '',
    '    /// Remember a command line in the history, dropping the oldest beyond the limit.',
    '    pub fn remember_history(&mut self, line: &str) {',
    '        if self.history.len() >= 500 { self.history.pop_front(); }',
    '        self.history.push_back(line.to_string());',
    '    }',
    '}',
    '',
  ].join('\n'),
  'src/net/dns.rs': [
    'use std::net::UdpSocket;',
    'use std::time::Duration;',
    '',
    '/// Resolve a hostname by asking the nameserver over UDP, giving up after the timeout.',
    'pub fn resolve_hostname(nameserver: &str, hostname: &str, timeout: Duration) -> std::io::Result<Vec<u8>> {',
    '    let socket = UdpSocket::bind("0.0.0.0:0")?;',
    '    socket.set_read_timeout(Some(timeout))?;',
    '    let query = build_dns_query(hostname);',
    '    socket.send_to(&query, (nameserver, 53))?;',
    '    let mut answer = vec![0u8; 512];',
    '    let n = socket.recv(&mut answer)?;',
    '    answer.truncate(n);',
    '    Ok(answer)',
    '}',
    '',
    '/// Encode the question section of a DNS query packet for one hostname.',
    'pub fn build_dns_query(hostname: &str) -> Vec<u8> {',
    '    let mut packet = vec![0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0];',
    "    for label in hostname.split('.') {",
    '        packet.push(label.len() as u8);',
    '        packet.extend_from_slice(label.as_bytes());',
    '    }',
    '    packet.extend_from_slice(&[0, 0, 1, 0, 1]);',
    '    packet',
    '}',
    '',
  ].join('\n'),
  'src/cli/flags.py': [
    '"""Command line flags for the nslookup command."""',
    'import argparse',
    '',
    '',
    'def parse_flags(argv):',
    '    """Parse argv into options: debug, ndots, retry and recurse each get a distinct short flag."""',
    '    parser = argparse.ArgumentParser(prog="nslookup")',
    '    parser.add_argument("-d", "--debug", action="store_true")',
    '    parser.add_argument("-n", "--ndots", type=int, default=1)',
    '    parser.add_argument("-r", "--retry", type=int, default=3)',
    '    parser.add_argument("-R", "--recurse", action="store_true")',
    '    return parser.parse_args(argv)',
    '',
  ].join('\n'),
  'web/Button.tsx': [
    "import React from 'react';",
    '',
    'export interface ButtonProps { label: string; onClick(): void }',
    '',
    '/** A clickable button showing its label. */',
    'export function Button({ label, onClick }: ButtonProps) {',
    '  return <button onClick={onClick}>{label}</button>;',
    '}',
    '',
  ].join('\n'),
  'docs/guide.md': '# Guide\n\nHow to install the terminal and configure colours and fonts.\n',
};

/** `files` Python modules with three functions each, big enough not to be merged. */
export function manyFiles(files: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let f = 0; f < files; f++) {
    out[`pkg/mod_${f}.py`] = [0, 1, 2]
      .map((k) => {
        const name = `handler_${f}_${k}`;
        const body = Array.from({ length: 12 }, (_, i) => `    total_${i} = compute_${f}_${k}(value, ${i})  # step ${i} of ${name}`).join('\n');
        return `def ${name}(value):\n    """Handle case ${f}.${k}."""\n${body}\n    return value\n`;
      })
      .join('\n\n');
  }
  return out;
}
