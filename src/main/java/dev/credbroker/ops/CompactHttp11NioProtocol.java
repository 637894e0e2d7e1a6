package dev.credbroker.ops;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 connector with a smaller response buffer. Tomcat gives every
 * response in flight an 8 KB byte buffer and an 8 K char buffer (24 KB of heap); a cold
 * burst holds a thousand of them while the requests wait for STS. The broker's answers
 * are a few hundred bytes to a couple of KB; a larger body is simply sent in chunks.
 */
public class CompactHttp11NioProtocol extends Http11NioProtocol {

	/** Bytes (and chars) of the servlet response buffer; the servlet default is 8192. */
	static final int RESPONSE_BUFFER_SIZE = 4096;

	@Override
	public int getDesiredBufferSize() {
		return RESPONSE_BUFFER_SIZE;
	}

}
