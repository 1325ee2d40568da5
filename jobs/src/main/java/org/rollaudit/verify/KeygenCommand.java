package org.rollaudit.verify;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.report.KeyPairs;
import org.rollaudit.report.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollaudit keygen [--private-key FILE] [--public-key FILE]}: writes a new Ed25519 key pair
 * for {@code audit --sign-key} (PKCS#8 PEM, owner-only) and {@code verify --public-key} (SPKI PEM),
 * and prints the public key's fingerprint. Never overwrites a file.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Creates an Ed25519 key pair for signing bundles.",
      "The private key is for 'audit --sign-key'; publish the public key out of band for"
          + " 'verify --public-key'."
    })
public final class KeygenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--private-key",
      paramLabel = "FILE",
      defaultValue = "rollaudit-signing.key",
      description = "Where to write the private key (PKCS#8 PEM). Default: ${DEFAULT-VALUE}.")
  Path privateKey;

  @Option(
      names = "--public-key",
      paramLabel = "FILE",
      defaultValue = "rollaudit-signing.pub",
      description = "Where to write the public key (SPKI PEM). Default: ${DEFAULT-VALUE}.")
  Path publicKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      SigningKey key = KeyPairs.generate(privateKey, publicKey);
      out.println(
          "Private key: "
              + privateKey
              + " (keep it secret; pass it to 'rollaudit audit --sign-key')");
      out.println(
          "Public key:  "
              + publicKey
              + " (publish it; pass it to 'rollaudit verify --public-key')");
      out.println("Public key fingerprint: " + key.fingerprint());
      out.flush();
      return 0;
    } catch (FileAlreadyExistsException e) {
      throw RollAuditException.usage(
          "Cannot create key pair: file exists, not overwritten ("
              + e.getFile()
              + "). Choose other file names.");
    } catch (IOException e) {
      throw RollAuditException.usage(
          "Cannot create key pair: "
              + e.getMessage()
              + ". Check the folder exists and is writable.");
    }
  }
}
