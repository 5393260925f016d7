;;; eglot-test.el --- headless Emacs eglot smoke test of modelfit  -*- lexical-binding: t -*-
;; usage (from a workspace made by editors/support.sh):
;;   MODELFIT_BIN=/path/to/modelfit RESULT_JSON=out.json emacs --batch -Q -l eglot-test.el
;; Checks that diagnostics arrive through flymake and that a quick fix applies.
;; Exit 0 = pass, 1 = a check failed, 2 = Lisp error.
(require 'package)
;; -Q hides Debian's elpa directory; point package.el at it (elpa-eglot, project, xref).
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'json)

(defvar my-bin (or (getenv "MODELFIT_BIN") (error "MODELFIT_BIN not set")))
(defvar my-out (or (getenv "RESULT_JSON") "eglot_result.json"))
(defvar my-result (list (cons 'emacs emacs-version)))
(defvar my-t0 (float-time))
(defconst my-fix-title "Remove the chain-of-thought sentence")

(define-derived-mode prompt-md-mode text-mode "PromptMD")
(add-to-list 'auto-mode-alist '("\\.prompt\\.md\\'" . prompt-md-mode))
(setq eglot-confirm-server-initiated-edits nil ; else y-or-n-p on stdin
      eglot-sync-connect t
      eglot-autoshutdown nil)

(defun my-ms () (round (* 1000 (- (float-time) my-t0))))
(defun my-push (k v) (push (cons k v) my-result))
(defun my-finish (code &optional why)
  (my-push 'ok (if (= code 0) t :json-false))
  (when why (my-push 'error why))
  (with-temp-file my-out (insert (json-encode my-result)))
  (princ (format "%s\n" (if (= code 0) "PASS" (format "FAIL: %s" why))) #'external-debugging-output)
  (kill-emacs code))
(defun my-wait (pred secs)
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))
(defun my-cot-diags ()
  (seq-filter (lambda (d) (string-match-p "asks `o4-mini` to reason step by step" (flymake-diagnostic-text d)))
              (flymake-diagnostics)))

(condition-case err
    (progn
      (find-file "prompts/debug.prompt.md")
      ;; eglot-ensure waits for post-command-hook, which never runs in batch: start it directly.
      (eglot '(prompt-md-mode) `(transient . ,default-directory) 'eglot-lsp-server
             (list my-bin "lsp") "markdown")
      (unless (my-wait #'eglot-managed-p 15) (my-finish 1 "not managed by eglot"))
      (my-push 'attached_ms (my-ms))
      (unless (my-wait #'my-cot-diags 15) (my-finish 1 "no chain-of-thought diagnostic from modelfit"))
      (my-push 'diagnostics_ms (my-ms))
      (my-push 'diagnostics (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
      (let* ((d (car (my-cot-diags)))
             (actions (eglot-code-actions (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))
             (fix (seq-filter (lambda (a) (equal (plist-get a :title) my-fix-title)) actions)))
        (my-push 'actions (mapcar (lambda (a) (plist-get a :title)) actions))
        (unless fix (my-finish 1 (format "no `%s' action" my-fix-title)))
        ;; eglot's own executor applies the action's edit (or runs its command).
        (eglot--read-execute-code-action fix (eglot-current-server) "quickfix"))
      (unless (my-wait (lambda () (not (string-match-p "Think step by step" (buffer-string)))) 10)
        (my-push 'buffer (buffer-string)) (my-finish 1 "the quick fix did not change the buffer"))
      (unless (string-match-p "^Reply with the root cause in one sentence and a minimal patch\\.$" (buffer-string))
        (my-push 'buffer (buffer-string)) (my-finish 1 "unexpected text after the quick fix"))
      (my-push 'edit_applied_ms (my-ms))
      (my-push 'buffer (buffer-string))
      ;; eglot sends didChange from an idle timer, and idle timers never fire in --batch.
      (eglot--signal-textDocument/didChange)
      (unless (my-wait (lambda () (null (my-cot-diags))) 10) (my-finish 1 "diagnostic not cleared after the fix"))
      (my-push 'diagnostics_cleared_ms (my-ms))
      (ignore-errors (eglot-shutdown (eglot-current-server)))
      (my-finish 0))
  (error (my-finish 2 (format "lisp error: %S" err))))
