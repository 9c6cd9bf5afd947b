"""The annual work summary (年度工作总结): contributors, generator, renderers."""
