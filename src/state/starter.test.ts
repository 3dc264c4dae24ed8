import { describe, expect, it } from 'vitest';
import { useLang } from '../ui/i18n';
import { useEditorText } from './ui';

describe("the starter manifest's comment", () => {
  it("speaks the page's language while the starter is untouched, and leaves the learner's text alone", async () => {
    expect(useEditorText.getState().text.split('\n').slice(0, 2)).toEqual(['# Edit, then Apply (Ctrl/Cmd+Enter).', 'apiVersion: apps/v1']);
    await useLang.getState().setLang('zh-CN');
    expect(useEditorText.getState().text.split('\n').slice(0, 2)).toEqual(['# 编辑后点击“应用”（Ctrl/Cmd+Enter）。', 'apiVersion: apps/v1']);
    await useLang.getState().setLang('en');
    expect(useEditorText.getState().text.split('\n')[0]).toBe('# Edit, then Apply (Ctrl/Cmd+Enter).');
    const edited = useEditorText.getState().text.replace('replicas: 3', 'replicas: 5');
    useEditorText.getState().setText(edited);
    await useLang.getState().setLang('zh-CN');
    expect(useEditorText.getState().text).toBe(edited);
  });
});
