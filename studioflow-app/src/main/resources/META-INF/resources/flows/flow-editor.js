/*
 * Glue between the flow editor view (io.studioflow.flows.ui.BpmnModeler) and bpmn-js: creates the modeler,
 * reports the selected element's engine properties to the server, applies the side panel's edits through
 * bpmn-js's modeling API (so they can be undone and survive like canvas edits), and marks problems on
 * their elements. bpmn-js and the zeebe moddle descriptor are static files fetched by the build.
 */
(function () {
  'use strict';

  const ZEEBE_DESCRIPTOR = 'vendor/zeebe-bpmn-moddle/resources/zeebe.json';
  const PROBLEM_OVERLAY = 'studioflow-problem';
  const PROBLEM_MARKER = 'sf-problem';
  const JOB_TASKS = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ScriptTask'];

  let zeebeDescriptor;

  function descriptor() {
    if (!zeebeDescriptor) {
      zeebeDescriptor = fetch(new URL(ZEEBE_DESCRIPTOR, document.baseURI), { credentials: 'same-origin' })
        .then(response => {
          if (!response.ok) throw new Error('the zeebe moddle descriptor answered ' + response.status);
          return response.json();
        });
    }
    return zeebeDescriptor;
  }

  function extension(bo, type) {
    const ext = bo.get('extensionElements');
    return ext ? (ext.get('values') || []).find(value => value.$instanceOf(type)) : undefined;
  }

  function timer(bo) {
    return (bo.get('eventDefinitions') || []).find(d => d.$instanceOf('bpmn:TimerEventDefinition'));
  }

  function describe(element) {
    const bo = element.businessObject;
    const info = { id: bo.id, type: bo.$type, name: bo.name || '' };
    if (JOB_TASKS.includes(bo.$type)) {
      const definition = extension(bo, 'zeebe:TaskDefinition');
      info.job = true;
      info.jobType = definition ? definition.type || '' : '';
      info.retries = definition ? definition.retries || '' : '';
    }
    if (bo.$type === 'bpmn:UserTask') {
      const assignment = extension(bo, 'zeebe:AssignmentDefinition');
      const schedule = extension(bo, 'zeebe:TaskSchedule');
      info.userTask = true;
      info.candidateGroups = assignment ? assignment.candidateGroups || '' : '';
      info.dueDate = schedule ? schedule.dueDate || '' : '';
      info.followUpDate = schedule ? schedule.followUpDate || '' : '';
    }
    const definition = bo.get ? timer(bo) : undefined;
    if (definition) {
      info.timer = true;
      for (const kind of ['timeDuration', 'timeDate', 'timeCycle']) {
        if (definition.get(kind)) {
          info.timerKind = kind;
          info.timerValue = definition.get(kind).body || '';
        }
      }
      info.timerKind = info.timerKind || 'timeDuration';
      info.timerValue = info.timerValue || '';
      if (bo.$type === 'bpmn:BoundaryEvent') info.cancelActivity = bo.cancelActivity !== false;
    }
    return info;
  }

  /**
   * Like zoom('fit-viewport'), but leaves the palette's strip on the left free, so the palette does not
   * cover the first lane's shapes.
   */
  function fitRightOfPalette(modeler) {
    const canvas = modeler.get('canvas');
    canvas.zoom('fit-viewport', 'auto');
    const box = canvas.viewbox();
    const inner = box.inner;
    const outer = box.outer;
    if (!inner || inner.width === 0 || inner.height === 0) return;
    const palette = canvas.getContainer().querySelector('.djs-palette');
    const left = (palette ? palette.getBoundingClientRect().width : 0) + 40;
    const margin = 20;
    const scale = Math.min(1, (outer.width - left - margin) / inner.width, (outer.height - 2 * margin) / inner.height);
    canvas.viewbox({
      x: inner.x - left / scale,
      y: inner.y - (outer.height / scale - inner.height) / 2,
      width: outer.width / scale,
      height: outer.height / scale
    });
  }

  /** The extension element of this type on the element, created (through modeling, so undoable) if absent. */
  function ensureExtension(modeler, element, type) {
    const modeling = modeler.get('modeling');
    const moddle = modeler.get('moddle');
    const bo = element.businessObject;
    let ext = bo.get('extensionElements');
    if (!ext) {
      ext = moddle.create('bpmn:ExtensionElements', { values: [] });
      ext.$parent = bo;
      modeling.updateProperties(element, { extensionElements: ext });
    }
    let value = extension(bo, type);
    if (!value) {
      value = moddle.create(type);
      value.$parent = ext;
      modeling.updateModdleProperties(element, ext, { values: [...(ext.get('values') || []), value] });
    }
    return value;
  }

  function blankToUndefined(value) {
    return value === null || value === undefined || String(value).trim() === '' ? undefined : String(value).trim();
  }

  function create(container) {
    if (!window.BpmnJS) return Promise.reject(new Error('bpmn-js did not load'));
    return descriptor().then(zeebe => {
        const modeler = new window.BpmnJS({ container, moddleExtensions: { zeebe } });
        container.__studioflowModeler = modeler;
        const eventBus = modeler.get('eventBus');
        const report = element => {
          if (container.$server) {
            container.$server.selected(element ? JSON.stringify(describe(element)) : null);
          }
        };
        eventBus.on('selection.changed', event => report(event.newSelection.length === 1 ? event.newSelection[0] : null));
        // a rename on the canvas (double-click) must show in the panel too
        eventBus.on('element.changed', event => {
          const selection = modeler.get('selection').get();
          if (selection.length === 1 && selection[0] === event.element) report(event.element);
        });
        eventBus.on('commandStack.changed', () => {
          if (container.$server) container.$server.edited();
        });
      });
  }

  const api = {
    /** Creates the modeler once, however many calls arrive while the descriptor loads. */
    mount(container) {
      if (!container.__studioflowMounted) {
        container.__studioflowMounted = create(container);
      }
      return container.__studioflowMounted;
    },

    open(container, xml) {
      const modeler = container.__studioflowModeler;
      return modeler.importXML(xml).then(result => {
        fitRightOfPalette(modeler);
        return (result.warnings || []).map(w => w.message).join('\n');
      });
    },

    /** how: 'in', 'out' or 'fit' (the whole flow, right of the palette). */
    zoom(container, how) {
      const modeler = container.__studioflowModeler;
      const canvas = modeler.get('canvas');
      if (how === 'fit') fitRightOfPalette(modeler);
      else canvas.zoom(canvas.zoom() * (how === 'in' ? 1.25 : 0.8), 'auto');
    },

    xml(container) {
      return container.__studioflowModeler.saveXML({ format: true }).then(result => result.xml);
    },

    select(container, id) {
      const modeler = container.__studioflowModeler;
      const element = modeler.get('elementRegistry').get(id);
      if (!element) return false;
      modeler.get('selection').select(element);
      modeler.get('canvas').scrollToElement(element);
      return true;
    },

    update(container, id, property, value) {
      const modeler = container.__studioflowModeler;
      const element = modeler.get('elementRegistry').get(id);
      if (!element) throw new Error('no element ' + id + ' in the diagram');
      const modeling = modeler.get('modeling');
      const bo = element.businessObject;
      const text = blankToUndefined(value);
      switch (property) {
        case 'name':
          modeling.updateLabel(element, text || '');
          break;
        case 'jobType':
        case 'retries':
          modeling.updateModdleProperties(element, ensureExtension(modeler, element, 'zeebe:TaskDefinition'),
            { [property === 'jobType' ? 'type' : 'retries']: text });
          break;
        case 'candidateGroups':
          modeling.updateModdleProperties(element, ensureExtension(modeler, element, 'zeebe:AssignmentDefinition'),
            { candidateGroups: text });
          break;
        case 'dueDate':
        case 'followUpDate':
          modeling.updateModdleProperties(element, ensureExtension(modeler, element, 'zeebe:TaskSchedule'),
            { [property]: text });
          break;
        case 'timeDuration':
        case 'timeDate':
        case 'timeCycle': {
          const definition = timer(bo);
          if (!definition) throw new Error(id + ' has no timer');
          const expression = text === undefined ? undefined
            : modeler.get('moddle').create('bpmn:FormalExpression', { body: text });
          const properties = { timeDuration: undefined, timeDate: undefined, timeCycle: undefined };
          properties[property] = expression;
          modeling.updateModdleProperties(element, definition, properties);
          break;
        }
        default:
          throw new Error('unknown property ' + property);
      }
      return describe(element);
    },

    /** problems: [{elementId, message}]; the ones on an element get a red outline and their message under it. */
    showProblems(container, problems) {
      const modeler = container.__studioflowModeler;
      const overlays = modeler.get('overlays');
      const canvas = modeler.get('canvas');
      const registry = modeler.get('elementRegistry');
      overlays.remove({ type: PROBLEM_OVERLAY });
      registry.forEach(element => canvas.removeMarker(element, PROBLEM_MARKER));
      const byElement = new Map();
      for (const problem of problems) {
        if (problem.elementId && registry.get(problem.elementId)) {
          byElement.set(problem.elementId, [...(byElement.get(problem.elementId) || []), problem.message]);
        }
      }
      byElement.forEach((messages, id) => {
        canvas.addMarker(id, PROBLEM_MARKER);
        const note = document.createElement('div');
        note.className = 'sf-problem-note';
        note.dataset.elementId = id;
        note.textContent = messages.join(' · ');
        overlays.add(id, PROBLEM_OVERLAY, { position: { top: -6, left: 0 }, html: note });
      });
      return byElement.size;
    }
  };

  window.StudioflowFlowEditor = api;
})();
