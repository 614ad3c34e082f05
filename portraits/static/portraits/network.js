/* The partnership network, interactive: Cytoscape.js replaces the server-drawn SVG.
 * The graph and the interface's words come from the page's JSON block (#network-data),
 * already in the page's language; without this script (or Cytoscape) the SVG and the
 * tables stay. Canvas nodes cannot take the focus, so a list of members and buttons give
 * the keyboard everything the mouse does. */
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function button(label, onClick) {
    var control = element("button", { type: "button", "class": "button button-secondary" }, label);
    control.addEventListener("click", onClick);
    return control;
  }

  function start() {
    var source = document.getElementById("network-data");
    var view = document.getElementById("network-view");
    if (!source || !view || typeof window.cytoscape !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.nodes.length) {
      return;
    }
    var labels = data.labels;
    var byId = {};
    data.nodes.forEach(function (node) {
      byId[node.id] = node;
    });

    // Controls ------------------------------------------------------------------------
    var controls = element("div", { "class": "network-controls", role: "group", "aria-label": labels.view });
    var chooser = element("select", { id: "network-member" });
    chooser.appendChild(element("option", { value: "" }, labels.nobody));
    data.nodes.forEach(function (node) {
      chooser.appendChild(element("option", { value: node.id }, node.number + ". " + node.name));
    });
    var chooserField = element("div");
    chooserField.appendChild(element("label", { "for": "network-member" }, labels.choose));
    chooserField.appendChild(chooser);
    var layoutChooser = element("select", { id: "network-layout" });
    layoutChooser.appendChild(element("option", { value: "preset" }, labels.layout_circle));
    layoutChooser.appendChild(element("option", { value: "cose" }, labels.layout_force));
    var layoutField = element("div");
    layoutField.appendChild(element("label", { "for": "network-layout" }, labels.layout));
    layoutField.appendChild(layoutChooser);
    controls.appendChild(chooserField);
    controls.appendChild(layoutField);

    var canvas = element("div", { "class": "network-canvas", role: "img", "aria-label": labels.view });
    var details = element("div", { "class": "network-details", "aria-live": "polite" });

    var cy;
    controls.appendChild(button(labels.zoom_in, function () { zoomBy(1.25); }));
    controls.appendChild(button(labels.zoom_out, function () { zoomBy(0.8); }));
    controls.appendChild(button(labels.fit, function () { cy.fit(undefined, 30); }));

    // The static drawing stays in the page for print, hidden from view and from screen readers.
    var drawing = view.querySelector(".network-static");
    if (drawing) {
      drawing.hidden = true;
    }
    view.appendChild(controls);
    view.appendChild(canvas);
    view.appendChild(details);

    var elements = data.nodes.map(function (node) {
      return { group: "nodes", data: node, position: { x: node.x, y: node.y } };
    }).concat(data.edges.map(function (edge, index) {
      return { group: "edges", data: { id: "e" + index, source: edge.source, target: edge.target, weight: edge.weight } };
    }));

    cy = window.cytoscape({
      container: canvas,
      elements: elements,
      layout: { name: "preset", padding: 30 },
      minZoom: 0.2,
      maxZoom: 4,
      style: [
        {
          selector: "node",
          style: {
            shape: "data(shape)",
            "background-color": "data(colour)",
            "border-width": 1.5,
            "border-color": "#1d2733",
            width: 20,
            height: 20,
            label: "data(number)",
            "font-size": 12,
            color: "#1d2733",
            "text-valign": "top",
            "text-margin-y": -3
          }
        },
        { selector: "node[?isolated]", style: { "border-style": "dashed" } },
        {
          selector: "edge",
          style: {
            width: function (edge) { return Math.min(edge.data("weight"), 5); },
            "line-color": "#4a5563",
            "curve-style": "straight"
          }
        },
        { selector: ".faded", style: { opacity: 0.15 } },
        { selector: "node.chosen", style: { "border-width": 4, "border-color": "#b3471d", width: 26, height: 26 } },
        { selector: "edge.chosen", style: { "line-color": "#b3471d" } }
      ]
    });

    function zoomBy(factor) {
      cy.zoom({
        level: Math.max(cy.minZoom(), Math.min(cy.maxZoom(), cy.zoom() * factor)),
        renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 }
      });
    }

    function clear() {
      cy.elements().removeClass("faded chosen");
      details.textContent = "";
      details.appendChild(element("p", { "class": "meta" }, labels.hint));
      chooser.value = "";
    }

    function show(id) {
      clear();
      var target = cy.getElementById(id);
      var node = byId[id];
      if (!node || target.empty()) {
        return;
      }
      cy.elements().not(target.closedNeighborhood()).addClass("faded");
      target.addClass("chosen");
      target.connectedEdges().addClass("chosen");
      chooser.value = id;
      details.textContent = "";

      details.appendChild(element("h3", {}, labels.details + " : " + node.number + ". " + node.name));
      var list = element("dl");
      [
        [labels.sector, node.sector],
        [labels.role, node.role],
        [labels.links, String(node.degree)],
        [labels.actions, String(node.actions)],
        [labels.partnerships, String(node.partnerships)]
      ].forEach(function (pair) {
        list.appendChild(element("dt", {}, pair[0]));
        list.appendChild(element("dd", {}, pair[1]));
      });
      details.appendChild(list);
      var link = element("a", { href: node.url }, labels.open);
      details.appendChild(element("p")).appendChild(link);
    }

    clear();
    cy.on("tap", "node", function (event) { show(event.target.id()); });
    cy.on("tap", function (event) {
      if (event.target === cy) {
        clear();
      }
    });
    chooser.addEventListener("change", function () {
      if (chooser.value) {
        show(chooser.value);
        cy.animate({ center: { eles: cy.getElementById(chooser.value) } }, { duration: 200 });
      } else {
        clear();
      }
    });
    layoutChooser.addEventListener("change", function () {
      var options = layoutChooser.value === "cose"
        ? { name: "cose", randomize: false, animate: false, padding: 30, nodeRepulsion: function () { return 8000; } }
        : {
          name: "preset",
          padding: 30,
          positions: function (node) { return { x: byId[node.id()].x, y: byId[node.id()].y }; }
        };
      cy.layout(options).run();
      cy.fit(undefined, 30);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
