/** Domain exceptions and small value helpers shared by every feature. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.credbroker.common;
