import { describe, expect, test } from 'vitest';
import { detectLanguage } from '../../src/sources/language.js';
import { completionBody } from '../../src/sources/normalize-helpers.js';

describe('language detection', () => {
  test.each([
    ['php', "<?php\n// Register Custom Post Type\nfunction register_testimonial_post_type() {\n // ... code\n}"],
    ['php', "$posts = get_posts(['numberposts' => 5]);\nforeach ($posts as $post) {\n  echo $post->post_title;\n}"],
    ['python', "import csv\n\ndef read_rows(path):\n    with open(path) as f:\n        return list(csv.DictReader(f))\n"],
    ['python', '#!/usr/bin/env python3\nprint("hi")'],
    ['javascript', "const express = require('express');\nconst app = express();\napp.listen(3000, () => console.log('up'));"],
    ['typescript', 'export function sum(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}'],
    ['typescript', "import type { Foo } from './foo.js';\nexport interface Bar {\n  foo: Foo;\n}"],
    ['sql', 'SELECT id, name\nFROM customers\nWHERE active = 1\nORDER BY created_at DESC;'],
    ['sql', 'CREATE TABLE events (\n  id TEXT PRIMARY KEY\n);'],
    ['bash', '#!/bin/bash\nset -euo pipefail\necho "$1"'],
    ['bash', 'sudo apt-get update\nnpm install herald\nexport HERALD_PORT=8787'],
    ['html', '<!DOCTYPE html>\n<html><body><p>Hello</p></body></html>'],
    ['css', '.button {\n  color: red;\n  padding: 4px;\n}'],
    ['json', '{"name": "herald", "version": "0.1.0"}'],
    ['go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}'],
    ['rust', 'use std::io;\n\nfn main() {\n    let mut line = String::new();\n    println!("{}", line);\n}'],
    ['java', 'public class Main {\n    public static void main(String[] args) {\n        System.out.println("hi");\n    }\n}'],
  ])('language detection – recognises %s', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  test.each([
    'Test completion',
    'Use a custom post type when your content has its own fields. Otherwise a category is enough.',
    '- Faster routing between providers\n- Streaming webhooks',
    'Note: the import from the old system is done; next we will select the winners.',
    '',
  ])('language detection – leaves prose alone: %j', (text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });

  test('language detection – stays fast on a 200 KB completion', () => {
    const started = performance.now();
    detectLanguage(`${'a  b  c  d  '.repeat(20_000)}{`);
    detectLanguage(`def x(${'a, '.repeat(70_000)}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('completion body – is code with its language, or markdown when prose or fenced', () => {
    expect(completionBody('<?php echo 1;')).toEqual({ format: 'code', content: '<?php echo 1;', language: 'php' });
    expect(completionBody('Hello **world**')).toEqual({ format: 'markdown', content: 'Hello **world**' });
    expect(completionBody('Here:\n```js\nconst a = 1;\n```')).toMatchObject({ format: 'markdown' });
    expect(completionBody('   ')).toBeUndefined();
  });
});
