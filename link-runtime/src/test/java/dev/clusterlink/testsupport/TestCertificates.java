package dev.clusterlink.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests (BouncyCastle, test scope only): it issues
 * certificates with the subject alternative names a test needs, so that host name
 * verification stays on, and gives everything as PEM text. Keys are RSA 2048, made in
 * memory for each authority and never written anywhere a test does not ask for.
 */
public final class TestCertificates {

	private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

	private TestCertificates() {
	}

	/** A new self-signed authority. */
	public static Authority authority(String commonName) {
		KeyPair keys = rsa();
		X500Name name = new X500Name("CN=" + commonName);
		X509Certificate certificate = sign(name, keys, name, keys, List.of(), true);
		return new Authority(name, keys, certificate);
	}

	/** A certificate authority: issues leaf certificates. */
	public static final class Authority {

		private final X500Name name;

		private final KeyPair keys;

		private final X509Certificate certificate;

		private Authority(X500Name name, KeyPair keys, X509Certificate certificate) {
			this.name = name;
			this.keys = keys;
			this.certificate = certificate;
		}

		/** The authority's certificate, PEM: what a truststore holds. */
		public String certificatePem() {
			return pem(this.certificate);
		}

		public X509Certificate certificate() {
			return this.certificate;
		}

		/**
		 * Issues a certificate for servers and clients.
		 * @param commonName the subject's CN (the principal {@code User:CN=...} of an
		 * mTLS client)
		 * @param alternativeNames {@code IP:127.0.0.1}, {@code DNS:localhost}, ...
		 */
		public Issued issue(String commonName, String... alternativeNames) {
			KeyPair leaf = rsa();
			X509Certificate certificate = sign(new X500Name("CN=" + commonName), leaf, this.name, this.keys,
					List.of(alternativeNames), false);
			return new Issued(pem(certificate) + pem(this.certificate), pem(leaf.getPrivate()), certificate);
		}

		/** A TLS client context that trusts this authority only. */
		public SSLContext clientContext() {
			try {
				KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
				trust.load(null, null);
				trust.setCertificateEntry("ca", this.certificate);
				TrustManagerFactory factory = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init(trust);
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(null, factory.getTrustManagers(), null);
				return context;
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * An issued certificate.
	 *
	 * @param chainPem the certificate followed by the authority's, PEM
	 * @param privateKeyPem its private key, unencrypted PKCS#8 PEM
	 * @param certificate the certificate itself
	 */
	public record Issued(String chainPem, String privateKeyPem, X509Certificate certificate) {
	}

	private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
			List<String> alternativeNames, boolean authority) {
		Instant now = Instant.now();
		try {
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(2))), subject, subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			builder.addExtension(Extension.keyUsage, true,
					authority ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
							: new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
			if (!alternativeNames.isEmpty()) {
				List<GeneralName> names = new ArrayList<>();
				for (String alternative : alternativeNames) {
					String value = alternative.substring(alternative.indexOf(':') + 1);
					names.add(alternative.startsWith("IP:") ? new GeneralName(GeneralName.iPAddress, value)
							: new GeneralName(GeneralName.dNSName, value));
				}
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(names.toArray(GeneralName[]::new)));
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
		}
		catch (Exception ex) {
			throw new IllegalStateException("issuing a test certificate failed", ex);
		}
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(Object object) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			if (object instanceof java.security.PrivateKey key) {
				// PKCS#8 ("BEGIN PRIVATE KEY"), which Kafka's PEM keystore and Spring's
				// PEM bundles read
				writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", key.getEncoded()));
			}
			else {
				writer.writeObject(object);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString();
	}

}
