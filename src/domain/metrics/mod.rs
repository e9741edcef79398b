//! Sales metrics: conversion, deal size, cycle length, velocity, source effectiveness, funnel scenarios, and chart axis helpers.
