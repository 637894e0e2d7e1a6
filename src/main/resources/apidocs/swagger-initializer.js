/*
 * Credential Broker: starts Swagger UI on the admin API's description, which needs the admin token. A browser
 * cannot send a bearer token when it opens a page, so this page asks for it, keeps it in sessionStorage (this tab
 * only, never a cookie, so there is nothing another site could make the browser send) and adds it to the requests
 * Swagger UI sends to this origin: the description's fetch and "Try it out".
 */
(function () {
	'use strict';

	var KEY = 'credbroker.adminToken';
	var description = new URL('../v3/api-docs', window.location.href).pathname;
	var tokenBox = document.createElement('div');
	tokenBox.id = 'credbroker-token';
	document.body.insertBefore(tokenBox, document.getElementById('swagger-ui'));

	function sameOrigin(url) {
		return new URL(url, window.location.href).origin === window.location.origin;
	}

	function start(token) {
		tokenBox.replaceChildren();
		window.ui = SwaggerUIBundle({
			url: description,
			dom_id: '#swagger-ui',
			deepLinking: true,
			presets: [SwaggerUIBundle.presets.apis],
			layout: 'BaseLayout',
			requestInterceptor: function (request) {
				if (sameOrigin(request.url)) {
					request.headers.Authorization = 'Bearer ' + token;
				}
				return request;
			},
			responseInterceptor: function (response) {
				if (response.status === 401 && new URL(response.url, window.location.href).pathname === description) {
					sessionStorage.removeItem(KEY);
					askForToken('The broker refused that token.');
				}
				return response;
			}
		});
	}

	function askForToken(message) {
		var form = document.createElement('form');
		form.style.margin = '2em auto';
		form.style.maxWidth = '40em';
		form.style.fontFamily = 'sans-serif';
		var label = document.createElement('label');
		label.textContent = 'Admin token (CREDBROKER_ADMIN_TOKEN), kept in this tab only: ';
		var input = document.createElement('input');
		input.type = 'password';
		input.name = 'token';
		input.autocomplete = 'off';
		input.required = true;
		input.style.width = '100%';
		label.appendChild(input);
		var button = document.createElement('button');
		button.type = 'submit';
		button.textContent = 'Show the admin API';
		form.appendChild(label);
		form.appendChild(button);
		if (message) {
			var refused = document.createElement('p');
			refused.setAttribute('role', 'alert');
			refused.textContent = message;
			form.appendChild(refused);
		}
		form.addEventListener('submit', function (event) {
			event.preventDefault();
			var token = input.value.trim();
			if (token) {
				sessionStorage.setItem(KEY, token);
				start(token);
			}
		});
		tokenBox.replaceChildren(form);
		input.focus();
	}

	var saved = sessionStorage.getItem(KEY);
	if (saved) {
		start(saved);
	}
	else {
		askForToken(null);
	}
})();
