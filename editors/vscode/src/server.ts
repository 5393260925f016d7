// Finding the `modelfit` binary: the `modelfit.path` setting, else `modelfit` on PATH.
import * as fs from 'fs';
import * as path from 'path';

export const INSTALL_URL = 'https://github.com/modelfit/modelfit#readme';

/** The binary to run, or an error message that says what to do. */
export function findServer(configured: string): { command: string } | { error: string } {
  if (configured) {
    return isExecutable(configured)
      ? { command: configured }
      : { error: `modelfit: the \`modelfit.path\` setting points to "${configured}", which is not an executable file. Fix the setting or clear it to use \`modelfit\` from your PATH.` };
  }
  const names = process.platform === 'win32' ? ['modelfit.exe', 'modelfit'] : ['modelfit'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (dir && isExecutable(candidate)) return { command: candidate };
    }
  }
  return { error: 'modelfit: cannot find the `modelfit` binary on your PATH. Install it (`cargo install --path .` in a modelfit checkout) or set `modelfit.path`.' };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
