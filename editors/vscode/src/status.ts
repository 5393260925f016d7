// The status-bar item: the task of the prompt under the cursor and whether its model fits, from
// the server's `modelfit/unitStatus` request.
import * as vscode from 'vscode';
import { DocumentSelector, LanguageClient } from 'vscode-languageclient/node';

interface UnitStatus {
  label: string; task: string; preferred: string; model: string | null;
  modelKind: string | null; fits: boolean | null; tokens: string; confidence: number;
}

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('modelfit.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(private readonly client: () => LanguageClient | undefined, private readonly selector: DocumentSelector) {
    this.item.name = 'modelfit';
    this.item.command = 'editor.action.showHover';
    const soon = () => this.schedule();
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(soon),
      vscode.window.onDidChangeTextEditorSelection(soon),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) soon();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('modelfit.statusBar')) soon(); }),
    );
  }

  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), 250);
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    const client = this.client();
    const enabled = vscode.workspace.getConfiguration('modelfit').get<boolean>('statusBar.enabled', true);
    if (!enabled || !editor || !client?.isRunning() || vscode.languages.match(this.selector as vscode.DocumentSelector, editor.document) === 0) {
      this.item.hide();
      return;
    }
    let status: UnitStatus | null = null;
    try {
      status = await client.sendRequest<UnitStatus | null>('modelfit/unitStatus', {
        textDocument: { uri: client.code2ProtocolConverter.asUri(editor.document.uri) },
        position: client.code2ProtocolConverter.asPosition(editor.selection.active),
      });
    } catch {
      status = null; // an older server without the request: no status, no noise
    }
    if (generation !== this.generation) return; // a newer update is on its way
    if (!status) {
      this.item.hide();
      return;
    }
    this.item.text = statusText(status);
    this.item.tooltip = new vscode.MarkdownString(`**modelfit**: ${status.label}\n\nconfidence ${status.confidence.toFixed(2)}`);
    this.item.backgroundColor = status.fits === false ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }
}

/** `$(pass) math · o3 fits`, `$(warning) math · gpt-4.1 is general, wants inference`, … */
export function statusText(s: UnitStatus): string {
  const model = s.model ?? 'no model';
  if (s.fits === true) return `$(pass) ${s.task} · ${model} fits`;
  if (s.fits === false) return `$(warning) ${s.task} · ${model} is ${s.modelKind}, wants ${s.preferred}`;
  return s.preferred === 'either' || !s.model ? `$(info) ${s.task} · ${s.preferred} model fits` : `$(info) ${s.task} · ${model}: kind unknown`;
}
