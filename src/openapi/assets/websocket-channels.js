// Lists the app's WebSocket channels below Swagger UI, read from the AsyncAPI document. Built with DOM calls and
// textContent only: names and schemas from the document are never parsed as HTML.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("skiff-docs-config").textContent);
  var section = document.getElementById("skiff-websockets");
  if (!config.asyncapiUrl || !section) return;

  fetch(config.asyncapiUrl, { headers: { accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (doc) {
      render(doc);
    })
    .catch(function (error) {
      section.hidden = false;
      section.appendChild(el("p", { className: "skiff-ws-error" }, ["Could not load the AsyncAPI document: " + error.message]));
    });

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      node[key] = props[key];
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function componentOf(doc, ref) {
    var prefix = "#/components/schemas/";
    if (typeof ref !== "string" || ref.indexOf(prefix) !== 0) return undefined;
    var schemas = (doc.components && doc.components.schemas) || {};
    return schemas[ref.slice(prefix.length)];
  }

  function messagesByAction(doc, channelId) {
    var out = { receive: [], send: [] };
    var operations = doc.operations || {};
    Object.keys(operations).forEach(function (id) {
      var operation = operations[id];
      if (!operation.channel || operation.channel.$ref !== "#/channels/" + channelId) return;
      (operation.messages || []).forEach(function (ref) {
        var key = String(ref.$ref).split("/").pop();
        if (out[operation.action]) out[operation.action].push(key);
      });
    });
    return out;
  }

  function paramRows(channel) {
    var rows = [];
    var parameters = channel.parameters || {};
    Object.keys(parameters).forEach(function (name) {
      rows.push([name, "path", "required", parameters[name].description || ""]);
    });
    var ws = (channel.bindings && channel.bindings.ws) || {};
    [
      ["query", ws.query],
      ["header", ws.headers],
    ].forEach(function (pair) {
      var schema = pair[1];
      if (!schema || !schema.properties) return;
      var required = schema.required || [];
      Object.keys(schema.properties).forEach(function (name) {
        var property = schema.properties[name];
        var type = property.type || (property.$ref ? property.$ref.split("/").pop() : "");
        rows.push([name, pair[0], required.indexOf(name) >= 0 ? "required" : "optional", [type, property.description].filter(Boolean).join(" — ")]);
      });
    });
    return rows;
  }

  function paramsTable(rows) {
    if (rows.length === 0) return null;
    var head = el(
      "tr",
      {},
      ["Name", "In", "", "Schema"].map(function (text) {
        return el("th", {}, [text]);
      })
    );
    var body = rows.map(function (row) {
      return el("tr", {}, [el("td", {}, [el("code", {}, [row[0]])]), el("td", {}, [row[1]]), el("td", {}, [row[2]]), el("td", {}, [row[3]])]);
    });
    return el("table", { className: "skiff-ws-params" }, [el("thead", {}, [head]), el("tbody", {}, body)]);
  }

  function messageItem(doc, message) {
    var payload = message.payload || {};
    var named = componentOf(doc, payload.$ref);
    var shown = named || payload;
    var label = message.title || message.name;
    var model = named ? payload.$ref.split("/").pop() : null;
    return el("li", { className: "skiff-ws-message" }, [
      el("details", {}, [
        el("summary", {}, [el("strong", {}, [label]), model && model !== label ? el("span", { className: "skiff-ws-model" }, [" " + model]) : null]),
        el("pre", {}, [JSON.stringify(shown, null, 2)]),
      ]),
    ]);
  }

  function direction(doc, channel, keys, heading) {
    if (keys.length === 0) return null;
    return el("div", { className: "skiff-ws-direction" }, [
      el("h4", {}, [heading]),
      el(
        "ul",
        {},
        keys.map(function (key) {
          return messageItem(doc, (channel.messages || {})[key] || { name: key });
        })
      ),
    ]);
  }

  function channelBlock(doc, id, channel) {
    var actions = messagesByAction(doc, id);
    var tags = (channel.tags || []).map(function (tag) {
      return el("span", { className: "skiff-ws-tag" }, [tag.name]);
    });
    return el("details", { className: "skiff-ws-channel", open: true }, [
      el(
        "summary",
        {},
        [
          el("span", { className: "skiff-ws-badge" }, ["WS"]),
          el("code", { className: "skiff-ws-address" }, [channel.address || id]),
          el("span", { className: "skiff-ws-summary" }, [channel.summary || channel.title || ""]),
        ].concat(tags)
      ),
      channel.description ? el("p", { className: "skiff-ws-description" }, [channel.description]) : null,
      paramsTable(paramRows(channel)),
      direction(doc, channel, actions.receive, "Client → server"),
      direction(doc, channel, actions.send, "Server → client"),
    ]);
  }

  function render(doc) {
    var channels = doc.channels || {};
    var ids = Object.keys(channels);
    if (ids.length === 0) return;
    var link = el("a", { href: config.asyncapiUrl }, ["AsyncAPI " + doc.asyncapi + " document"]);
    var wrapper = el(
      "div",
      { className: "skiff-ws-wrapper" },
      [el("h2", {}, ["WebSocket channels"]), el("p", { className: "skiff-ws-intro" }, ["Described in the ", link, "."])].concat(
        ids.map(function (id) {
          return channelBlock(doc, id, channels[id]);
        })
      )
    );
    section.appendChild(wrapper);
    section.hidden = false;
  }
})();
