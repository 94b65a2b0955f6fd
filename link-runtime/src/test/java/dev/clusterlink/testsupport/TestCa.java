package dev.clusterlink.testsupport;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for one test run: EC P-256 keys, certificates valid
 * for a day, everything handed out as PEM text (what a cluster registration and a
 * {@code ssl.keystore.type=PEM} broker take inline).
 */
public final class TestCa {

	/** What a server certificate must name to pass host name verification here. */
	public static final List<GeneralName> LOCAL = List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
			new GeneralName(GeneralName.dNSName, "localhost"));

	private static final SecureRandom RANDOM = new SecureRandom();

	private final KeyPair keys;

	private final X509Certificate certificate;

	private TestCa(KeyPair keys, X509Certificate certificate) {
		this.keys = keys;
		this.certificate = certificate;
	}

	public static TestCa create(String name) {
		KeyPair keys = keyPair();
		X500Name subject = new X500Name("CN=" + name);
		try {
			X509v3CertificateBuilder builder = builder(subject, subject, keys);
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			return new TestCa(keys, sign(builder, keys.getPrivate()));
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not make a test CA", ex);
		}
	}

	/** The CA certificate, PEM: what a trust store holds. */
	public String certificatePem() {
		return pem("CERTIFICATE", encoded(this.certificate));
	}

	/** A TLS client context that trusts this CA only. */
	public SSLContext clientContext() {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", this.certificate);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not make a TLS client context", ex);
		}
	}

	/**
	 * Issues a certificate for servers and clients.
	 * @param commonName the subject's CN ({@code User:CN=...} as a mutual-TLS principal)
	 * @param subjectAlternativeNames the names a client's host name verification checks
	 */
	public Issued issue(String commonName, List<GeneralName> subjectAlternativeNames) {
		KeyPair leaf = keyPair();
		try {
			X509v3CertificateBuilder builder = builder(
					X500Name.getInstance(this.certificate.getSubjectX500Principal().getEncoded()),
					new X500Name("CN=" + commonName), leaf);
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
					new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
			if (!subjectAlternativeNames.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(subjectAlternativeNames.toArray(GeneralName[]::new)));
			}
			X509Certificate issued = sign(builder, this.keys.getPrivate());
			return new Issued(pem("PRIVATE KEY", leaf.getPrivate().getEncoded()),
					pem("CERTIFICATE", encoded(issued)) + pem("CERTIFICATE", encoded(this.certificate)));
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not issue a test certificate", ex);
		}
	}

	/**
	 * A key and its certificate chain, PEM.
	 *
	 * @param privateKey unencrypted PKCS#8
	 * @param certificateChain the certificate, then the CA's
	 */
	public record Issued(String privateKey, String certificateChain) {

		/**
		 * The base64 body of the private key: a secret to look for in stores and logs.
		 */
		public String privateKeyBody() {
			return this.privateKey.lines().filter((line) -> !line.startsWith("-----")).findFirst().orElseThrow();
		}

		/**
		 * A TLS server on 127.0.0.1 with this certificate that completes handshakes and
		 * then closes: enough to see whether a client accepts the certificate.
		 */
		public TlsServer serve() {
			try {
				KeyStore store = KeyStore.getInstance("PKCS12");
				store.load(null, null);
				PrivateKey key = KeyFactory.getInstance("EC")
					.generatePrivate(new PKCS8EncodedKeySpec(der(this.privateKey)));
				List<Certificate> chain = new ArrayList<>();
				CertificateFactory factory = CertificateFactory.getInstance("X.509");
				for (String block : this.certificateChain.split("(?=-----BEGIN CERTIFICATE-----)")) {
					chain.add(factory.generateCertificate(new ByteArrayInputStream(der(block))));
				}
				char[] password = "test".toCharArray();
				store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
				KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keys.init(store, password);
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(keys.getKeyManagers(), null, null);
				SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
				server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
				Thread.ofVirtual().start(() -> {
					while (!server.isClosed()) {
						try (SSLSocket socket = (SSLSocket) server.accept()) {
							socket.setSoTimeout(5_000);
							socket.startHandshake();
							socket.getInputStream().read(); // the client's first bytes
						}
						catch (Exception ex) {
							// a refused handshake is what the test looks for
						}
					}
				});
				return new TlsServer(server);
			}
			catch (Exception ex) {
				throw new IllegalStateException("could not start a test TLS server", ex);
			}
		}

		@Override
		public String toString() {
			return "Issued[privateKey=(hidden)]";
		}

	}

	/** A TLS server started by {@link Issued#serve()}. */
	public record TlsServer(SSLServerSocket socket) implements AutoCloseable {

		public String bootstrap() {
			return "127.0.0.1:" + this.socket.getLocalPort();
		}

		@Override
		public void close() throws Exception {
			this.socket.close();
		}

	}

	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
		Instant now = Instant.now();
		return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
				keys.getPublic());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws Exception {
		ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
		return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException("no EC key pair generator", ex);
		}
	}

	private static byte[] encoded(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static byte[] der(String pem) {
		String body = pem.lines().filter((line) -> !line.startsWith("-----")).reduce("", String::concat);
		return Base64.getDecoder().decode(body);
	}

}
