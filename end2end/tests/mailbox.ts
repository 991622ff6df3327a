import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { expect } from '@playwright/test';

/** A real SMTP server on loopback that keeps every message it is sent. */
export interface Mailbox {
  /** `smtp://127.0.0.1:<port>`, for `--smtp-url`. */
  url: string;
  messages: ParsedMail[];
  /** Waits until at least `count` messages have arrived and returns the `count`-th. */
  nth: (count: number) => Promise<ParsedMail>;
  close: () => Promise<void>;
}

export async function openMailbox(): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  const port = await new Promise<number>((done) => {
    server.listen(0, '127.0.0.1', () => done((server.server.address() as { port: number }).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    nth: async (count) => {
      await expect.poll(() => messages.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
      return messages[count - 1];
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
