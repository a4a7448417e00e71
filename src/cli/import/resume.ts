/**
 * Opening `--journal` for a run: a journal being resumed is trusted only once the input is shown to
 * be the one it was written for — the bytes it fingerprinted hash the same (fingerprint.ts) —, and
 * before a single record is skipped. For stdin, which cannot be read twice, the same check runs as
 * the bytes come (`Fingerprint.tap`), and a mismatch stops the run there.
 */
import { Fingerprint, FingerprintMismatch, verifyFile } from "./fingerprint.js";
import { Journal, JournalError, type JournalHeader } from "./journal.js";

/** Why a journal cannot go on with this input, and what to do. */
export const mismatchMessage = (file: string, why: string) =>
  `--journal ${file} does not match the input: ${why} (the input changed since, or the journal is another's). Delete ${file}, or use another --journal, to start over.`;

export async function openJournal(file: string, header: JournalHeader, inputPath: string | undefined): Promise<{ journal: Journal; fingerprint: Fingerprint }> {
  const journal = Journal.open(file, header);
  if (journal.resumed && inputPath !== undefined) {
    try {
      await verifyFile(inputPath, journal.segments);
    } catch (e) {
      journal.close();
      if (e instanceof FingerprintMismatch) throw new JournalError(mismatchMessage(file, e.message));
      throw new JournalError(`cannot read --input to check it against --journal ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return { journal, fingerprint: new Fingerprint(journal.segments) };
}
