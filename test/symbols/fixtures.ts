// Small real projects per language, written to temp folders, and a real
// SQLite database with the app's migrations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDb, type Db } from '../../lib/db';

const made: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) db.$client.close();
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'ca-sym-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}

/** A workspace folder with `files`, and a fresh database. */
export function project(files: Record<string, string | Buffer>): { root: string; db: Db } {
  const base = tempDir();
  const root = path.join(base, 'ws');
  fs.mkdirSync(root);
  writeFiles(root, files);
  const db = openDb(path.join(base, 'data', 'ca.db'));
  dbs.push(db);
  return { root, db };
}

// The article's example project: TerminalState at line 6, its impl at 13.
export const RUST_STATE = `use std::collections::HashMap;

pub const MAX_HISTORY: usize = 100;

#[derive(Debug, Default)]
pub struct TerminalState {
    pub cwd: String,
    pub history: Vec<String>,
    pub env: HashMap<String, String>,
}

/// Lifecycle of the terminal.
impl TerminalState {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, line: &str) {
        self.history.push(line.to_string());
    }

    pub fn reset(&mut self) {
        self.history.clear();
    }
}

pub trait Render {
    fn render(&self) -> String;
}

impl Render for TerminalState {
    fn render(&self) -> String {
        self.history.join("\\n")
    }
}

pub enum Mode {
    Insert,
    Normal,
}
`;

export const RUST_COMMANDS = `use crate::state::TerminalState;

pub fn register_commands(state: &mut TerminalState) {
    state.update("register");
}

pub fn execute_command(state: &mut TerminalState, cmd: &str) -> Result<(), String> {
    state.update(cmd);
    Ok(())
}
`;

export const RUST_MAIN = `mod commands;
mod state;

use state::TerminalState;

fn main() {
    let mut state = TerminalState::new();
    commands::register_commands(&mut state);
    commands::execute_command(&mut state, "ls").unwrap();
    state.reset();
}
`;

export const PYTHON_MODELS = `import dataclasses

DEFAULT_ROLE = "user"


class User:
    """A user of the app."""

    def __init__(self, name: str):
        self.name = name

    @property
    def display_name(self) -> str:
        return self.name.title()


def load_users(path: str) -> list[User]:
    return [User(line) for line in open(path)]
`;

export const TS_TYPES = `export interface Props {
  title: string;
  onClose(): void;
}

export type UserId = string;

export enum Color {
  Red,
  Green,
}

export const MAX_ITEMS = 50;

export const formatTitle = (p: Props): string => p.title.trim();

export class Store {
  private items: string[] = [];

  add(item: string): void {
    this.items.push(item);
  }
}

export function createStore(): Store {
  return new Store();
}
`;

export const TSX_APP = `import { Props, formatTitle } from './types';

export function App(props: Props) {
  return <h1>{formatTitle(props)}</h1>;
}
`;

export const JS_UTIL = `const path = require('path');

class Logger {
  log(msg) {
    console.log(msg);
  }
}

function helper(a, b) {
  return a + b;
}

module.exports = { Logger, helper };
`;

/** A multi-language project in the article's shape. */
export const MIXED: Record<string, string> = {
  'src-tauri/src/state.rs': RUST_STATE,
  'src-tauri/src/commands/mod.rs': RUST_COMMANDS,
  'src-tauri/src/main.rs': RUST_MAIN,
  'scripts/models.py': PYTHON_MODELS,
  'src/types.ts': TS_TYPES,
  'src/App.tsx': TSX_APP,
  'src/util.js': JS_UTIL,
  'README.md': '# demo\n',
};
