// Personas are Markdown files in prompts/ with TOML front matter between +++
// lines (role, model key, tools allowed). Editing a prompt needs no code change.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { appRoot } from '../app-root';
import { PERSONA_MODEL_KEYS, type PersonaModelKey } from '../config/schema';

export interface Persona {
  name: string;
  role: string;
  modelKey: PersonaModelKey;
  tools: string[];
  system: string;
  file: string;
}

export function promptsDir(): string {
  return path.join(appRoot(), 'prompts');
}

const cache = new Map<string, { mtimeMs: number; persona: Persona }>();

export function loadPersona(name: string, dir = promptsDir()): Persona {
  const file = path.join(dir, `${name}.md`);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new Error(`No persona prompt ${file}. Each persona is a Markdown file in prompts/.`);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.persona;
  const text = fs.readFileSync(file, 'utf8');
  const m = /^\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`${file}: expected TOML front matter between +++ lines at the top.`);
  const meta = parse(m[1]) as Record<string, unknown>;
  const modelKey = String(meta.model ?? '') as PersonaModelKey;
  if (!PERSONA_MODEL_KEYS.includes(modelKey)) {
    throw new Error(`${file}: model = "${modelKey}" is not one of ${PERSONA_MODEL_KEYS.join(', ')}.`);
  }
  const persona: Persona = {
    name,
    role: String(meta.role ?? name),
    modelKey,
    tools: Array.isArray(meta.tools) ? meta.tools.map(String) : [],
    system: m[2].trim(),
    file,
  };
  cache.set(file, { mtimeMs: stat.mtimeMs, persona });
  return persona;
}
