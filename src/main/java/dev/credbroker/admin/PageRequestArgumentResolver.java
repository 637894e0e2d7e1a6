package dev.credbroker.admin;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import dev.credbroker.common.PageRequest;

/**
 * Gives a list handler its {@link PageRequest} from the {@code limit} and {@code cursor}
 * query parameters, so that every paginated list reads and checks them alike (a bad one
 * is a 400 problem naming it).
 */
class PageRequestArgumentResolver implements HandlerMethodArgumentResolver {

	static final String LIMIT = "limit";

	static final String CURSOR = "cursor";

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == PageRequest.class;
	}

	@Override
	public PageRequest resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
			NativeWebRequest request, WebDataBinderFactory binders) {
		return PageRequest.of(request.getParameter(LIMIT), request.getParameter(CURSOR));
	}

}
