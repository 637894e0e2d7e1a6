package dev.credbroker.admin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.webmvc.ui.SwaggerIndexTransformer;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.ResourceTransformerChain;

/**
 * Swagger UI's start script, replaced by one that asks for the admin token (a browser
 * cannot send a bearer header when it opens a page), keeps it in {@code sessionStorage}
 * and adds it to Swagger UI's requests to this origin through its
 * {@code requestInterceptor}: the description's fetch and "Try it out". Every other file
 * of Swagger UI is served as it is; none is inline script.
 */
class SwaggerUiTokenPage implements SwaggerIndexTransformer {

	/**
	 * Scripts from this origin only, none inline; Swagger UI's React sets inline styles
	 * and its icons are data: URIs.
	 */
	static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'; base-uri 'none'";

	static final String START_SCRIPT = "swagger-initializer.js";

	private static final Resource TOKEN_START = new ClassPathResource("apidocs/" + START_SCRIPT);

	@Override
	public Resource transform(HttpServletRequest request, Resource resource, ResourceTransformerChain chain)
			throws IOException {
		Resource transformed = chain.transform(request, resource);
		return START_SCRIPT.equals(transformed.getFilename()) ? TOKEN_START : transformed;
	}

}
