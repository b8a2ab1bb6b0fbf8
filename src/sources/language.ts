/**
 * Guesses the programming language of an LLM completion, so renderers can show it as a
 * code block with the right highlighting. Heuristic by design: a few unmistakable openings
 * decide at once (`<?php`, a shebang, valid JSON); otherwise line-anchored patterns score
 * each language and the best one wins if it scores enough. Prose scores nothing.
 */

/** Only the head of a completion is inspected: detection stays cheap on a 200 KB body. */
const SAMPLE_CHARS = 8_000;
/** The score a language needs before text counts as code rather than prose. */
const MIN_SCORE = 3;

type Rule = [pattern: RegExp, weight: number];

const RULES: Record<string, Rule[]> = {
  php: [[/\$[a-z_]\w*\s*(=|->)/i, 2], [/\b(function|echo|foreach)\b.*\$\w+/, 2], [/\badd_(action|filter)\s*\(/, 3]],
  python: [
    [/^[ \t]*(async )?def \w+\([^\n]*:[ \t]*$/m, 3],
    [/^\s*from [\w.]+ import [\w*]/m, 3],
    [/^\s*import [\w.]+(\s+as \w+)?\s*$/m, 1],
    [/^\s*class \w+(\(.*\))?:\s*$/m, 3],
    [/^\s*(elif .*|else|try|except.*|finally):\s*$/m, 2],
    [/\bself\.\w+/, 1],
    [/^if __name__ == ['"]__main__['"]:/m, 4],
    [/\bprint\(f?["']/, 1],
  ],
  javascript: [
    [/^\s*(const|let|var) \w+\s*=/m, 2],
    [/^\s*(export )?(async )?function\*? \w+\s*\(/m, 2],
    [/=>\s*[{(]?/, 1],
    [/\brequire\(['"][\w@./-]+['"]\)/, 3],
    [/^\s*import .* from ['"][^'"]+['"];?\s*$/m, 3],
    [/\bconsole\.(log|error|warn)\(/, 2],
    [/\bmodule\.exports\b|^\s*export (default|const|class)\b/m, 2],
    [/\b(document|window)\.\w+/, 1],
  ],
  typescript: [
    [/^[ \t]*(export )?interface \w+[^\n=]*\{[ \t]*$/m, 3],
    [/^[ \t]*(export )?type \w+(<[^>\n]*>)?[ \t]*=/m, 3],
    [/^\s*import type\b/m, 4],
    [/\b(const|let|var) \w+\s*:\s*[A-Z\w<>[\]|]+\s*=/, 2],
    [/\(\s*\w+\s*:\s*(string|number|boolean|unknown|any|[A-Z]\w*)\b/, 3],
    [/\)\s*:\s*(void|string|number|boolean|Promise<.*>)\s*\{/, 3],
    [/\bas const\b|\bas unknown\b/, 2],
  ],
  sql: [
    [/^\s*SELECT\b[\s\S]*?\bFROM\b/im, 3],
    [/^\s*(INSERT INTO|DELETE FROM|UPDATE \w+ SET)\b/im, 4],
    [/^\s*(CREATE|ALTER|DROP) (TABLE|INDEX|VIEW|DATABASE|SCHEMA)\b/im, 4],
    [/\b(WHERE|GROUP BY|ORDER BY|LEFT JOIN|INNER JOIN)\b/, 1],
  ],
  bash: [
    [/^\s*(sudo |apt(-get)? |brew |npm (install|run|i) |pip3? install |yarn |cd |mkdir -p |chmod |curl -|wget |git (clone|checkout|commit|push) )/m, 2],
    [/^\s*export [A-Z_][A-Z0-9_]*=/m, 2],
    [/^\s*(if \[\[? .*\]\]?; then|fi|done|esac)\s*$/m, 3],
    [/^\s*(for|while) .*; do\s*$/m, 3],
    [/^\s*echo ["$]/m, 1],
    [/^\$ \w+/m, 2],
  ],
  html: [
    [/<!DOCTYPE html>|<html[\s>]/i, 5],
    [/<(div|span|p|body|head|section|ul|li|table|form|button|a|script|style)(\s[^>]*)?>/i, 2],
    [/<\/(div|span|p|body|head|section|ul|li|table|form|button|a|script|style)>/i, 2],
  ],
  css: [
    [/^[ \t]*[.#]?[a-z][\w.#:>+~, \t-]*\{[ \t]*$/im, 2],
    [/^[ \t]*[a-z-]+[ \t]*:[^;{}\n]+;[ \t]*$/m, 2],
    [/^\s*@(media|import|keyframes|font-face)\b/m, 3],
  ],
  go: [
    [/^package \w+\s*$/m, 4],
    [/^func (\(\w+ \*?\w+\) )?\w+\(/m, 3],
    [/:=/, 1],
    [/\bfmt\.(Println|Printf|Sprintf|Errorf)\(/, 3],
  ],
  rust: [
    [/^[ \t]*(pub )?fn \w+[<(]/m, 3],
    [/\blet mut \w+/, 3],
    [/^\s*use (std|crate|super)::/m, 4],
    [/^\s*impl(<.*>)? \w+/m, 3],
    [/\bprintln!\(/, 3],
  ],
  java: [
    [/^\s*(public |private |protected )?(static )?(final )?class \w+/m, 2],
    [/\bpublic static void main\(String\[\] \w+\)/, 5],
    [/\bSystem\.out\.print(ln)?\(/, 4],
    [/^\s*import java\.[\w.]+;/m, 4],
    [/^\s*(public|private|protected) [\w<>[\]]+ \w+\(.*\)\s*(throws [\w, ]+)?\{?\s*$/m, 2],
  ],
  c: [[/^#include [<"][\w./]+[>"]/m, 4], [/\bint main\s*\(/, 3], [/\bprintf\(/, 1]],
  cpp: [[/\bstd::\w+/, 3], [/^#include <(iostream|vector|string|map)>/m, 3], [/\bcout\s*<</, 3]],
  csharp: [[/^\s*using System(\.\w+)*;/m, 4], [/^\s*namespace [\w.]+/m, 2], [/\bConsole\.Write(Line)?\(/, 4]],
  ruby: [[/^\s*def \w+[?!]?(\(.*\))?\s*$/m, 2], [/^\s*end\s*$/m, 1], [/^\s*puts /m, 2], [/^\s*require ['"]\w+['"]\s*$/m, 2]],
  yaml: [[/^---\s*$/m, 1], [/^[a-z_][\w-]*:\s*$/m, 1], [/^\s+- [\w"']/m, 1], [/^[a-z_][\w-]*: [\w"'${]/m, 1]],
};

/** Openings that settle the question before any scoring. */
const SHEBANGS: [RegExp, string][] = [
  [/^#!.*\b(bash|sh|zsh)\b/, 'bash'],
  [/^#!.*\bpython[\d.]*\b/, 'python'],
  [/^#!.*\bnode\b/, 'javascript'],
  [/^#!.*\bruby\b/, 'ruby'],
];

/** The language of `text` when it looks like code, else undefined (prose, markdown). */
export function detectLanguage(text: string): string | undefined {
  const head = text.slice(0, SAMPLE_CHARS).trimStart();
  if (head === '') return undefined;
  if (/^<\?php\b/i.test(head) || head.startsWith('<?=')) return 'php';
  for (const [pattern, language] of SHEBANGS) if (pattern.test(head)) return language;
  if (looksLikeJson(text.trim())) return 'json';

  let best: string | undefined;
  let bestScore = 0;
  for (const [language, rules] of Object.entries(RULES)) {
    let score = 0;
    for (const [pattern, weight] of rules) if (pattern.test(head)) score += weight;
    // TypeScript is JavaScript with types: its own rules only count on top of JS syntax.
    if (language === 'typescript' && score > 0) score += scoreOf('javascript', head) > 0 ? 1 : 0;
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  if (bestScore < MIN_SCORE || best === undefined) return undefined;
  // YAML's patterns also match plain "Key: value" prose; it only wins on a clear document.
  if (best === 'yaml' && !/^---\s*$/m.test(head)) return undefined;
  return best;
}

function scoreOf(language: string, head: string): number {
  let score = 0;
  for (const [pattern, weight] of RULES[language] ?? []) if (pattern.test(head)) score += weight;
  return score;
}

function looksLikeJson(text: string): boolean {
  if (!/^[[{]/.test(text) || !/[\]}]$/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** True when the text carries its own markdown code fences (then it is markdown, not code). */
export function hasCodeFence(text: string): boolean {
  return /^\s*(```|~~~)/m.test(text.slice(0, SAMPLE_CHARS));
}
