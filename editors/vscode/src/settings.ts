// The server's settings, read from VS Code's `modelfit.*` settings. Only values the user set
// (user, workspace or folder) are sent, so that modelfit.toml and the server's defaults apply to
// the rest. VS Code nests dotted names, so `modelfit.analysis.confidence-threshold` becomes
// `{ "analysis": { "confidence-threshold": … } }`, the shape the server reads.
import * as vscode from 'vscode';

/** Settings only the extension reads (mirrors VSCODE_CLIENT_KEYS in src/config/schema.rs). */
const CLIENT_KEYS = new Set(['path', 'trace.server', 'statusBar.enabled']);

export function serverSettings(keys: string[]): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('modelfit');
  const settings: Record<string, unknown> = {};
  for (const key of keys) {
    if (CLIENT_KEYS.has(key)) continue;
    const inspected = config.inspect(key);
    const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    if (value === undefined || value === null || value === '') continue;
    let node = settings;
    const parts = key.split('.');
    for (const part of parts.slice(0, -1)) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return settings;
}

/** The setting keys the extension contributes, without the `modelfit.` prefix. */
export function contributedKeys(packageJSON: any): string[] {
  const properties = packageJSON?.contributes?.configuration?.properties ?? {};
  return Object.keys(properties).map((k) => k.replace(/^modelfit\./, ''));
}
