import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Help } from 'commander';
import { runCli } from './economy/testkit.ts';
import { buildProgram, COMMANDS, commandName, commandNamed } from './main.ts';

describe('lazy command registration', () => {
  it("each entry's help line and description are its command's own", async () => {
    const all = await buildProgram('all');
    assert.deepEqual(all.commands.map((c) => c.name()), COMMANDS.map(commandName));
    for (const [i, e] of COMMANDS.entries()) {
      const real = all.commands[i];
      assert.ok(real);
      assert.equal(new Help().subcommandTerm(real), e.term, `update COMMANDS in main.ts: ${commandName(e)}'s help term`);
      assert.equal(real.description(), e.description, `update COMMANDS in main.ts: ${commandName(e)}'s description`);
    }
  });

  it('`flowlens --help` reads the same without loading any command', async () => {
    assert.equal((await buildProgram([])).helpInformation(), (await buildProgram('all')).helpInformation());
  });

  it('finds the command a run names, after global options and behind `help`', () => {
    assert.equal(commandNamed([]), undefined);
    assert.equal(commandNamed(['--help']), undefined);
    assert.equal(commandNamed(['-V']), undefined);
    assert.equal(commandNamed(['vol', '--as-of', '2024-08-05']), 'vol');
    assert.equal(commandNamed(['--verbose', 'series', 'show', 'WALCL']), 'series');
    assert.equal(commandNamed(['help', 'economy']), 'economy');
    assert.equal(commandNamed(['help']), undefined);
  });

  it('runs a lazily loaded command and its subcommand help', async () => {
    const r = await runCli('series', 'show', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: flowlens series show \[options\] <id>/);
    const typo = await runCli('sereis');
    assert.equal(typo.code, 1);
    assert.equal(typo.stderr, "flowlens: unknown command 'sereis' (did you mean series?); run with --help for usage\n");
  });

  it('a usage error is one line starting flowlens:, exit code 1', async () => {
    const cases: [string[], string][] = [
      [['vol', '--bogus'], "flowlens: unknown option '--bogus'; run with --help for usage\n"],
      [['vol', '--from'], "flowlens: option '--from <date>' argument missing; run with --help for usage\n"],
      [['series', 'show'], "flowlens: missing required argument 'id'; run with --help for usage\n"],
      [['economy'], "flowlens: missing required argument 'topic'; run with --help for usage\n"],
      [['economy', 'crypto', 'extra'], "flowlens: too many arguments for 'economy'. Expected 1 argument but got 2; run with --help for usage\n"],
    ];
    for (const [args, stderr] of cases) {
      const r = await runCli(...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.equal(r.stderr, stderr, args.join(' '));
    }
  });

  it('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    const r = await runCli('--version');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${version}\n`);
  });
});
