#pragma once
// OpenGL 3.3 core functions for the viewer's own drawing (basemap vertex
// buffers, the off-screen framebuffer of --screenshot). Linux's libOpenGL
// (GLVND) exports every core entry point, so the prototypes are used directly.
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
