/**
 * Test runner loaded by the VS Code extension host (extensionTestsPath): runs every *.test.js
 * beside it with mocha, inside the real extension host where `vscode` is available. Appends the
 * spec output to $EXT_TEST_REPORT_FILE and writes {passed, failed, failures} to $EXT_TEST_RESULT_FILE.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const resultFile = process.env.EXT_TEST_RESULT_FILE;
  const reportFile = process.env.EXT_TEST_REPORT_FILE;
  if (reportFile) {
    const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
    const original = base.consoleLog;
    base.consoleLog = (...args: unknown[]) => {
      fs.appendFileSync(reportFile, util.format(...args) + '\n');
      original(...args);
    };
  }
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.EXT_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const stats = { passed: 0, failed: 0, failures: [] as Array<{ title: string; error: string }> };
    try {
      const runner = mocha.run((failures) => {
        if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(stats, null, 2));
        if (failures > 0) reject(new Error(`${failures} tests failed.`));
        else resolve();
      });
      runner.on('pass', () => stats.passed++);
      runner.on('fail', (test, error) => {
        stats.failed++;
        stats.failures.push({ title: test.fullTitle(), error: String((error as Error | undefined)?.message) });
      });
    } catch (error) {
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify({ passed: 0, failed: 1, failures: [{ title: 'runner', error: String(error) }] }));
      reject(error);
    }
  });
}
