package dev.credbroker.sync.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.stereotype.Component;

/**
 * The application's event multicaster (the bean name makes Spring use it), which
 * publishes as usual and can also hand a replayed change to each of its listeners on its
 * own: one listener's failure then neither stops the others nor hides which one must try
 * again.
 */
@Component("applicationEventMulticaster")
class IsolatingEventMulticaster extends SimpleApplicationEventMulticaster {

	IsolatingEventMulticaster(BeanFactory beanFactory) {
		super(beanFactory);
	}

	/**
	 * Hands {@code payload} to every listener for it, or only to those named in
	 * {@code only} when that is not {@code null}.
	 * @return the listeners that failed, by id, with what they threw
	 */
	Map<String, RuntimeException> deliverEach(Object payload, Set<String> only) {
		PayloadApplicationEvent<Object> event = new PayloadApplicationEvent<>(this, payload);
		Map<String, RuntimeException> failed = new LinkedHashMap<>();
		for (ApplicationListener<?> listener : getApplicationListeners(event, ResolvableType.forInstance(event))) {
			String id = idOf(listener);
			if (only != null && !only.contains(id)) {
				continue;
			}
			try {
				invokeListener(listener, event);
			}
			catch (RuntimeException ex) {
				failed.put(id, ex);
			}
		}
		return failed;
	}

	/** The listener method's name (stable across calls), or the listener's class. */
	static String idOf(ApplicationListener<?> listener) {
		if (listener instanceof SmartApplicationListener smart && !smart.getListenerId().isEmpty()) {
			return smart.getListenerId();
		}
		return listener.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(listener));
	}

}
