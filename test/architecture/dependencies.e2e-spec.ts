import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The layout's rules (style.md), checked on the source itself: dependencies point one way (apps → libs), a lib is
 * reached only through its `@ledger/<name>` entry, the domain and the proofs import nothing of ours, only the
 * event-store adapter (and the embedded node, which serves the service definitions that ship inside the client)
 * imports `@eventstore/db-client`, and no module imports itself back through a cycle.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface SourceFile {
  /** Path from the repository's root, e.g. `libs/projections/src/index.ts`. */
  readonly path: string;
  /** What it imports or re-exports, as written. */
  readonly specifiers: readonly { readonly specifier: string; readonly typeOnly: boolean }[];
}

/**
 * What a source text imports or re-exports, read by TypeScript's own parser: static imports and re-exports (side-effect
 * ones too), and dynamic `import('…')` calls with a literal. Only `import type` / `export type` is type-only (erased).
 */
const specifiersOf = (text: string): SourceFile['specifiers'] => {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node) ? (node.importClause?.isTypeOnly ?? false) : node.isTypeOnly;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteralLike(argument)) found.push({ specifier: argument.text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('source.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS));
  return found;
};

const sourcesUnder = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((path) => !path.split('/').includes('node_modules'));

const read = (path: string): SourceFile => ({ path, specifiers: specifiersOf(readFileSync(join(ROOT, path), 'utf8')) });

const production = (path: string): boolean => !/\.((e2e-)?spec|test)\.ts$/.test(path) && !/\/(test|testing)\//.test(path);
const sources = [...sourcesUnder('apps'), ...sourcesUnder('libs')].map(read);
const libOf = (path: string): string | undefined => (path.startsWith('libs/') ? path.split('/')[1] : undefined);

/** The file a relative or `@ledger/` specifier names, or undefined for a package. */
const target = (from: string, specifier: string): string | undefined => {
  const path = specifier.startsWith('.')
    ? relative(ROOT, resolve(ROOT, dirname(from), specifier.replace(/\.js$/, '.ts')))
    : specifier.startsWith('@ledger/')
      ? `libs/${specifier.slice('@ledger/'.length)}/src/index.ts`
      : undefined;
  if (path === undefined) return undefined;
  return existsSync(join(ROOT, path)) ? path : join(path.replace(/\.ts$/, ''), 'index.ts');
};

describe('the layout: which code may import which', () => {
  it('reads the sources it checks', () => {
    expect(sources.length).toBeGreaterThan(300);
    expect(sources.find((file) => file.path === 'libs/event-store/src/esdb/esdb-event-store.ts')?.specifiers).toContainEqual({
      specifier: '@eventstore/db-client',
      typeOnly: false,
    });
  });

  it('sees every form of import: side-effect, static, re-export, type-only, dynamic', () => {
    const text = [
      "import 'reflect-metadata';",
      "import { a } from './a.js';",
      'export type Id = string;',
      "export { b } from './b.js';",
      "import type { T } from './t.js';",
      "export * from './c.js';",
      "const lazy = async () => (await import('@eventstore/db-client')).START;",
    ].join('\n');
    expect(specifiersOf(text)).toEqual([
      { specifier: 'reflect-metadata', typeOnly: false },
      { specifier: './a.js', typeOnly: false },
      { specifier: './b.js', typeOnly: false },
      { specifier: './t.js', typeOnly: true },
      { specifier: './c.js', typeOnly: false },
      { specifier: '@eventstore/db-client', typeOnly: false },
    ]);
  });

  it('libs never import apps, and reach another lib only through its @ledger/<name> entry', () => {
    const wrong = sources.flatMap(({ path, specifiers }) => {
      const lib = libOf(path);
      if (lib === undefined) return [];
      return specifiers
        .map(({ specifier }) => ({ specifier, to: target(path, specifier) }))
        .filter(({ specifier, to }) => to !== undefined && (to.startsWith('apps/') || (specifier.startsWith('.') && libOf(to) !== lib)))
        .map(({ specifier }) => `${path} imports ${specifier}`);
    });
    expect(wrong).toEqual([]);
  });

  it('apps reach a lib only through its @ledger/<name> entry', () => {
    const wrong = sources
      .filter(({ path }) => path.startsWith('apps/'))
      .flatMap(({ path, specifiers }) =>
        specifiers.filter(({ specifier }) => specifier.startsWith('.') && target(path, specifier)?.startsWith('libs/')).map(({ specifier }) => `${path} imports ${specifier}`),
      );
    expect(wrong).toEqual([]);
  });

  it('the consent domain and the ledger proofs import nothing of ours, and the domain no package at all', () => {
    const imports = (lib: string): string[] =>
      sources
        .filter(({ path }) => libOf(path) === lib && production(path))
        .flatMap(({ specifiers }) => specifiers.map(({ specifier }) => specifier).filter((specifier) => !specifier.startsWith('.')));
    expect(imports('consent-domain')).toEqual([]);
    expect(imports('ledger-proofs').filter((specifier) => specifier.startsWith('@ledger/'))).toEqual([]);
  });

  it('only the event-store adapter and the embedded node import @eventstore/db-client', () => {
    const importers = sources
      .filter(({ path, specifiers }) => production(path) && specifiers.some(({ specifier }) => specifier.startsWith('@eventstore/db-client')))
      .map(({ path }) => path);
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((path) => !path.startsWith('libs/event-store/src/esdb/') && !path.startsWith('libs/esdb-node/src/'))).toEqual([]);
  });

  it('no module imports itself back: the graph of runtime imports has no cycle', () => {
    const edges = new Map(
      sources
        .filter(({ path }) => production(path))
        .map(({ path, specifiers }) => [
          path,
          specifiers.filter(({ typeOnly }) => !typeOnly).flatMap(({ specifier }) => target(path, specifier) ?? []),
        ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (path: string, trail: string[]): void => {
      if (state.get(path) === 'done') return;
      if (state.get(path) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(path)), path].join(' → '));
        return;
      }
      state.set(path, 'visiting');
      for (const next of edges.get(path) ?? []) visit(next, [...trail, path]);
      state.set(path, 'done');
    };
    for (const path of edges.keys()) visit(path, []);
    expect(cycles).toEqual([]);
  });
});
