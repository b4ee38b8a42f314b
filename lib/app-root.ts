// Where the app's own files are (node_modules, prompts/, drizzle/, grammars,
// query files): process.cwd() unless CA_APP_ROOT says otherwise. Found at run
// time by path, never bundled (see TOOLCHAIN: Turbopack and .wasm).
export function appRoot(): string {
  return process.env.CA_APP_ROOT ?? process.cwd();
}
