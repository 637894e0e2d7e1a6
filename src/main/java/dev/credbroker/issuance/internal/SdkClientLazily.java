package dev.credbroker.issuance.internal;

import java.util.function.Supplier;

import software.amazon.awssdk.utils.SdkAutoCloseable;

/** An SDK client built on first use, once, and closed only if it was built. */
final class SdkClientLazily<T extends SdkAutoCloseable> {

	private final Supplier<T> factory;

	private volatile T client;

	private SdkClientLazily(Supplier<T> factory) {
		this.factory = factory;
	}

	static <T extends SdkAutoCloseable> SdkClientLazily<T> of(Supplier<T> factory) {
		return new SdkClientLazily<>(factory);
	}

	T get() {
		T built = this.client;
		if (built == null) {
			synchronized (this) {
				built = this.client;
				if (built == null) {
					built = this.factory.get();
					this.client = built;
				}
			}
		}
		return built;
	}

	void closeIfBuilt() {
		T built = this.client;
		if (built != null) {
			built.close();
		}
	}

}
