import type { ImportedMessage } from './model.ts';

/** Stub Liquid templates for each message: `<template>/<channel>.en.liquid`, content to be brought from Pinpoint. */
export function renderTemplateStubs(messages: Readonly<Record<string, ImportedMessage>>): Map<string, string> {
  const files = new Map<string, string>();
  for (const message of Object.values(messages)) {
    const origin = `Pinpoint template ${message.source.templateName ?? '(none)'}${message.source.templateVersion ? ` version ${message.source.templateVersion}` : ''} (activity ${message.source.activity})`;
    const facts = message.variables.map((name) => `{{ ${name} }}`).join(' ');
    const body = `{% comment %}TODO: bring over the content of ${origin}; variables: ${message.variables.join(', ')}.{% endcomment %}\n<p>${facts}</p>\n`;
    const todo = `{% comment %}TODO: bring over the content of ${origin}.{% endcomment %}`;
    const texts = {
      email: `subject: TODO subject from ${message.source.templateName ?? message.template}\n---\n${body}`,
      sms: `${todo}${facts}\n`,
      push: `${todo}{"title": "TODO", "body": "${facts}"}\n`,
      kakao: `${todo}{"text": "${facts}"}\n`,
    };
    const text = texts[message.channel];
    files.set(`${message.template}/${message.channel}.en.liquid`, text);
  }
  return files;
}
