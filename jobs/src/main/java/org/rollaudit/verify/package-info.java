/**
 * Bundle verification (reliability.md §5), written to share no code with {@code report}: its own
 * SHA256SUMS parsing and hashing, its own CSV reading, JSON read with Jackson (the writer uses a
 * hand-written JSON writer), its own PEM decoding. Only the file format is shared, so a bug in the
 * writer is not mirrored here.
 *
 * <p>{@link org.rollaudit.verify.KeygenCommand} lives here because it pairs with {@code verify
 * --public-key}; it is the one class that calls into {@code report} (to create a key pair) and no
 * check uses it.
 */
package org.rollaudit.verify;
