import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../src/events/event.js';
import type { RouteConfig } from '../../src/config/schema.js';
import { Router } from '../../src/routing/router.js';
import { globToRegExp } from '../../src/routing/glob.js';
import { sampleEvent } from '../helpers/event.js';

function event(overrides: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return sampleEvent({ model: 'wp-llm-13b', usage: { prompt_tokens: 45, completion_tokens: 234, total_tokens: 279 }, ...overrides });
}

function route(match: RouteConfig['match'], to: string[], extra: Partial<RouteConfig> = {}): RouteConfig {
  return { match, to, stop: false, follow: 'off', stream_update: 2000, ...extra };
}

const channels = (routes: RouteConfig[], e: NormalizedEvent) => new Router(routes).route(e).targets.map((t) => t.channel);

describe('routing', () => {
  it.each([
    ['*', 'generation.completed', true],
    ['generation.*', 'generation.completed', true],
    ['*.failed', 'model.training.failed', true],
    ['*.failed', 'generation.completed', false],
    ['usage.*', 'usage.limit_exceeded', true],
    ['generation.completed', 'generation.completedX', false],
    ['llm.completion', 'llmXcompletion', false],
  ])('glob – %s matches %s: %s', (glob, type, expected) => {
    expect(globToRegExp(glob).test(type)).toBe(expected);
  });

  it.each<[string, RouteConfig['match'], Partial<NormalizedEvent>, boolean]>([
    ['empty match takes everything', {}, {}, true],
    ['source listed', { source: ['wpllm', 'parrot'] }, {}, true],
    ['source not listed', { source: ['parrot'] }, {}, false],
    ['type glob any-of', { type: ['*.failed', 'generation.*'] }, {}, true],
    ['status listed', { status: ['failed', 'completed'] }, {}, true],
    ['status not listed', { status: ['failed'] }, {}, false],
    ['status of a failure that keeps a success-sounding type', { type: ['onPromptFinished'], status: ['failed'] }, { type: 'onPromptFinished', status: 'failed' }, true],
    ['severity threshold: same', { severity: 'success' }, {}, true],
    ['severity threshold: worse passes', { severity: 'warning' }, { severity: 'critical' }, true],
    ['severity threshold: better fails', { severity: 'warning' }, { severity: 'success' }, false],
    ['where equality', { where: { model: 'wp-llm-13b' } }, {}, true],
    ['where equality fails', { where: { model: 'gpt' } }, {}, false],
    ['where list is any-of', { where: { category: ['usage', 'generation'] } }, {}, true],
    ['where gt on a dot path', { where: { 'usage.total_tokens': { gt: 100 } } }, {}, true],
    ['where gt fails', { where: { 'usage.total_tokens': { gt: 100000 } } }, {}, false],
    ['where gte/lte range', { where: { 'usage.total_tokens': { gte: 279, lte: 279 } } }, {}, true],
    ['where lt', { where: { 'usage.prompt_tokens': { lt: 10 } } }, {}, false],
    ['where ne', { where: { status: { ne: 'failed' } } }, {}, true],
    ['where eq', { where: { status: { eq: 'completed' } } }, {}, true],
    ['where in', { where: { severity: { in: ['error', 'critical'] } } }, {}, false],
    ['where matches', { where: { title: { matches: '^Code gen' } } }, {}, true],
    ['where exists true', { where: { model: { exists: true } } }, {}, true],
    ['where exists false on missing', { where: { duration_ms: { exists: false } } }, {}, true],
    ['where exists true on missing', { where: { duration_ms: { exists: true } } }, {}, false],
    ['where into data', { where: { 'data.finish_reason': 'stop' } }, { data: { finish_reason: 'stop' } }, true],
    ['where missing path is not equal', { where: { 'nothing.here': 'x' } }, {}, false],
    ['all conditions must hold', { source: ['wpllm'], severity: 'error' }, {}, false],
  ])('match – %s', (_name, match, overrides, expected) => {
    expect(channels([route(match, ['a'])], event(overrides))).toEqual(expected ? ['a'] : []);
  });

  it('routes – the event goes to the union of matching routes, each channel once', () => {
    const routes = [route({}, ['a', 'b']), route({ type: ['generation.*'] }, ['b', 'c']), route({ source: ['x'] }, ['d'])];
    expect(channels(routes, event())).toEqual(['a', 'b', 'c']);
  });

  it('routes – stop: true ends evaluation after the first matching stop route', () => {
    const routes = [route({}, ['a']), route({ severity: 'critical' }, ['x'], { stop: true }), route({}, ['b'], { stop: true }), route({}, ['c'])];
    const result = new Router(routes).route(event());
    expect(result.targets.map((t) => t.channel)).toEqual(['a', 'b']);
    expect(result.verdicts[3]).toMatchObject({ matched: false, reason: expect.stringContaining('stop: true') });
  });

  it('routes – a non-matching route explains why', () => {
    const result = new Router([{ name: 'failures', match: { type: ['*.failed'], severity: 'warning' }, to: ['ops'], stop: false }]).route(event());
    expect(result.verdicts).toEqual([{ route: 'failures', matched: false, reason: 'type "generation.completed" matches none of *.failed' }]);
  });

  it('routes – a status mismatch is explained like the other conditions', () => {
    const result = new Router([{ name: 'failures', match: { status: ['failed', 'cancelled'] }, to: ['ops'], stop: false }]).route(event());
    expect(result.verdicts).toEqual([{ route: 'failures', matched: false, reason: 'status completed is not one of failed, cancelled' }]);
  });

  it('routes – a mention comes from the route that first targeted the channel', () => {
    const routes = [route({}, ['ops'], { mention: 'here' }), route({}, ['ops', 'dev'])];
    expect(new Router(routes).route(event()).targets).toEqual([{ channel: 'ops', mention: 'here' }, { channel: 'dev' }]);
  });

  it('routes – disabled optional channels are skipped', () => {
    expect(new Router([route({}, ['console', 'slack'])], ['slack']).route(event()).targets).toEqual([{ channel: 'console' }]);
  });

  it('routes – no route matching means no targets', () => {
    expect(channels([route({ source: ['other'] }, ['a'])], event())).toEqual([]);
  });
});

describe('routing – follow', () => {
  it('routing – a route’s follow reaches its channels; the first route to name a channel decides it', () => {
    const routes = [route({ type: ['ppt.*'] }, ['bot'], { follow: 'edit' }), route({}, ['bot', 'hook'], { follow: 'thread' }), route({}, ['log'])];
    const result = new Router(routes).route(event({ type: 'ppt.generation.started' }));
    expect(result.targets).toEqual([{ channel: 'bot', follow: 'edit', streamUpdateMs: 2000 }, { channel: 'hook', follow: 'thread' }, { channel: 'log' }]);
    expect(result.verdicts.map((v) => v.follow)).toEqual(['edit', 'thread', undefined]);
  });
});
