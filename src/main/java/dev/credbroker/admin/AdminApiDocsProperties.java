package dev.credbroker.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin API's own description.
 *
 * @param enabled whether {@code /v3/api-docs} (OpenAPI 3.1, admin token required) and
 * Swagger UI at {@code /swagger-ui.html} are served; {@code false} answers 404 on both
 */
@ConfigurationProperties("credbroker.admin.api-docs")
public record AdminApiDocsProperties(@DefaultValue("true") boolean enabled) {

	/**
	 * The OpenAPI description ({@code .yaml} too, and Swagger UI's config below it): part
	 * of the admin API, so it needs its token.
	 */
	static final String DESCRIPTION_PATH = "/v3/api-docs";

	static final String UI_PAGE = "/swagger-ui.html";

	/** Swagger UI's static files: no data, so served without a token. */
	static final String UI_FILES = "/swagger-ui/";

	/** Whether a (decoded, normalized) path is one of the API description's. */
	static boolean isDocsPath(String path) {
		return path.startsWith(DESCRIPTION_PATH) || path.equals(UI_PAGE) || path.startsWith(UI_FILES);
	}

}
